package dev.wifbroker.identity.profile.oidc;

import dev.wifbroker.identity.profile.ProfileSpec;
import java.time.Duration;
import java.util.List;

/**
 * Any standard OIDC issuer. It has no vendor vocabulary: policies bind its claims by their own
 * names (and nested claims by dotted path), which the identity view always carries, so its vocabulary is open.
 */
public final class OidcProfile {

    /*
     * Max lifetime one hour: a generic issuer's tokens are bearer credentials of unknown provenance, so a long-lived
     * one (a 24 h session token) is refused unless the issuer file raises maxLifetime on purpose. Any https issuer URL
     * is acceptable.
     */
    public static final ProfileSpec SPEC = ProfileSpec.builder(
                    new ProfileSpec.Defaults(List.of("RS256", "ES256"), Duration.ofHours(1), Duration.ofHours(1)))
            .open()
            .build();

    private OidcProfile() {}
}
