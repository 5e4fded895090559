package dev.wifbroker.identity.profile.gitlab;

import static dev.wifbroker.identity.profile.ProfileTokens.RSA;
import static dev.wifbroker.identity.profile.ProfileTokens.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GitLab CI id_tokens, signed and verified end to end, and the profile's spec and hooks. */
class GitLabProfileTest {
    private static final IssuerProfile PROFILE = IssuerProfiles.of(ProfileKind.GITLAB);

    @Test
    void strings_stay_strings_and_numbers_become_text() throws Exception {
        IdentityView id = verify("gitlab/protected-main.json", RSA, "RS256");
        assertThat(id.profile()).isEqualTo(ProfileKind.GITLAB);
        assertThat(id.attributes()).containsEntry("project_path", "acme/payments")
                .containsEntry("project_id", "20")
                .containsEntry("namespace_id", "72")
                .containsEntry("ref", "main")
                .containsEntry("ref_type", "branch")
                .containsEntry("ref_protected", "true")
                .containsEntry("environment_protected", "true")
                .containsEntry("pipeline_source", "push")
                .containsEntry("runner_id", "19");
    }

    @Test
    void an_issuer_url_with_a_trailing_slash_is_refused() {
        List<String> errors = new ArrayList<>();
        PROFILE.checkIssuerUrl(URI.create("https://gitlab.example.com/"), errors::add);
        PROFILE.checkIssuerUrl(URI.create("https://gitlab.example.com"), errors::add);
        assertThat(errors).containsExactly("a GitLab issuer is the instance URL without a trailing slash");
    }

    @Test
    void every_url_on_gitlab_com_is_the_shared_issuer() {
        assertThat(PROFILE.multiTenant(URI.create("https://gitlab.com"))).isTrue();
        assertThat(PROFILE.multiTenant(URI.create("https://gitlab.com/x"))).isTrue();
        assertThat(PROFILE.multiTenant(URI.create("https://gitlab.example.com"))).isFalse();
    }

    @Test
    void a_full_ref_never_occurs_in_ref() {
        var shape = PROFILE.spec().valueShapes().stream().filter(s -> s.attribute().equals("ref")).findFirst().orElseThrow();
        assertThat(shape.occurs("main")).isTrue();
        assertThat(shape.occurs("refs/heads/main")).isFalse();
    }
}
