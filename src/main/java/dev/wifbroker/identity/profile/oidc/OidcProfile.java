package dev.wifbroker.identity.profile.oidc;

import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.ProfileKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Any standard OIDC issuer. It has no vendor vocabulary: policies bind its claims by their own
 * names (and nested claims by dotted path), which the identity view always carries.
 */
public final class OidcProfile implements IssuerProfile {

    @Override
    public ProfileKind kind() {
        return ProfileKind.OIDC;
    }

    @Override
    public List<String> defaultAlgorithms() {
        return List.of("RS256", "ES256");
    }

    @Override
    public Duration defaultMaxTokenAge() {
        return Duration.ofHours(1);
    }

    /**
     * One hour: a generic issuer's tokens are bearer credentials of unknown provenance, so a long-lived one
     * (a 24 h session token) is refused unless the issuer file raises {@code maxLifetime} on purpose.
     */
    @Override
    public Duration defaultMaxLifetime() {
        return Duration.ofHours(1);
    }

    @Override
    public void checkIssuerUrl(URI url, Consumer<String> error) {
        // Any https issuer is acceptable.
    }

    @Override
    public boolean multiTenant(URI url) {
        return false;
    }

    @Override
    public Map<String, Object> normalize(Map<String, Object> claims) {
        return Map.of();
    }

    @Override
    public Map<String, List<String>> vocabulary() {
        return Map.of();
    }
}
