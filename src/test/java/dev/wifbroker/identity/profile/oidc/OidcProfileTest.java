package dev.wifbroker.identity.profile.oidc;

import static dev.wifbroker.identity.profile.ProfileTokens.RSA;
import static dev.wifbroker.identity.profile.ProfileTokens.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generic OIDC tokens, signed and verified end to end: no vendor vocabulary, every claim by its own name. */
class OidcProfileTest {
    private static final IssuerProfile PROFILE = IssuerProfiles.of(ProfileKind.OIDC);

    @Test
    void every_claim_is_kept_under_its_own_name_and_nested_ones_by_path() throws Exception {
        IdentityView id = verify("oidc/generic.json", RSA, "RS256");
        assertThat(id.attributes()).containsEntry("email", "reporting@example.com")
                .containsEntry("groups", List.of("analytics", "readers"))
                .containsEntry("tenant.id", "t-42")
                .containsEntry("sub", "svc-reporting");
    }

    @Test
    void the_vocabulary_is_open_and_nothing_is_normalized() {
        assertThat(PROFILE.emits("any_claim_at_all")).isTrue();
        assertThat(PROFILE.vocabulary()).isEmpty();
        assertThat(PROFILE.normalize(Map.of("sub", "svc", "email", "a@example.com"))).isEmpty();
    }
}
