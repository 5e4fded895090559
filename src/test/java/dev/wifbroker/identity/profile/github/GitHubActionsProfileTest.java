package dev.wifbroker.identity.profile.github;

import static dev.wifbroker.identity.profile.ProfileTokens.RSA;
import static dev.wifbroker.identity.profile.ProfileTokens.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.identity.profile.ProfileSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GitHub Actions tokens, signed and verified end to end, and the profile's spec and hooks. */
class GitHubActionsProfileTest {
    private static final IssuerProfile PROFILE = IssuerProfiles.of(ProfileKind.GITHUB_ACTIONS);

    @Test
    void a_name_form_subject_is_parsed_beside_the_claims() throws Exception {
        IdentityView id = verify("github/deploy-main-production.json", RSA, "RS256");
        assertThat(id.issuer()).isEqualTo("github");
        assertThat(id.attributes()).containsEntry("repository", "octo-org/octo-repo")
                .containsEntry("repository_id", "892551")
                .containsEntry("repository_owner_id", "65")
                .containsEntry("ref", "refs/heads/main")
                .containsEntry("environment", "production")
                .containsEntry("job_workflow_ref", "octo-org/deploy/.github/workflows/deploy.yml@refs/tags/v3")
                .containsEntry("runner_environment", "github-hosted")
                .containsEntry("sub_form", "name")
                .containsEntry("sub_repository", "octo-org/octo-repo")
                .containsEntry("sub_context", "environment:production")
                .doesNotContainKeys("head_ref", "base_ref", "sub_repository_id");
    }

    @Test
    void an_immutable_id_subject_yields_the_owner_and_repository_ids() throws Exception {
        IdentityView id = verify("github/immutable-subject-pr.json", RSA, "RS256");
        assertThat(id.attributes()).containsEntry("sub_form", "immutable")
                .containsEntry("sub_repository", "octo-org/new-repo")
                .containsEntry("sub_repository_owner_id", "65")
                .containsEntry("sub_repository_id", "1029384")
                .containsEntry("sub_context", "pull_request")
                .containsEntry("repo_property_team", "payments")
                .containsEntry("enterprise_id", "7")
                .containsEntry("head_ref", "feature/x");
    }

    @Test
    void subject_values_are_colon_decoded() throws Exception {
        IdentityView id = verify("github/tag-with-colon.json", RSA, "RS256");
        assertThat(id.attributes()).containsEntry("sub_context", "ref:refs/tags/release:2026");
    }

    @ParameterizedTest(name = "{0} -> accepted {1}")
    @CsvSource({
            "https://token.actions.githubusercontent.com, true",
            "https://token.actions.githubusercontent.com/acme-enterprise, true",
            "https://token.actions.acme.ghe.com, true",
            "https://ghes.example.com/_services/token, true",
            "https://token.actions.githubusercontent.com/a/b, false",
            "https://TOKEN.actions.githubusercontent.com, false",
            "https://ghes.example.com, false",
    })
    void issuer_urls_must_have_a_github_shape(String url, boolean accepted) {
        List<String> errors = new ArrayList<>();
        PROFILE.checkIssuerUrl(URI.create(url), errors::add);
        assertThat(errors.isEmpty()).isEqualTo(accepted);
    }

    @Test
    void only_the_bare_public_issuer_is_multi_tenant() {
        assertThat(PROFILE.multiTenant(URI.create("https://token.actions.githubusercontent.com"))).isTrue();
        assertThat(PROFILE.multiTenant(URI.create("https://token.actions.githubusercontent.com/acme-enterprise"))).isFalse();
        assertThat(PROFILE.multiTenant(URI.create("https://gitlab.com"))).isFalse();
    }

    @Test
    void a_ref_or_repository_of_another_shape_never_occurs() {
        ProfileSpec.ValueShape ref = shape("ref");
        assertThat(ref.occurs("refs/heads/main")).isTrue();
        assertThat(ref.occurs("main")).isFalse();
        assertThat(ref.why("main")).isEqualTo("GitHub's ref is a full ref such as refs/heads/main or refs/tags/main");
        assertThat(shape("repository").occurs("acme/app")).isTrue();
        assertThat(shape("repository").occurs("acme")).isFalse();
        assertThat(shape("repository").occurs("acme/app/x")).isFalse();
    }

    @Test
    void a_subject_in_environment_form_explains_why_a_ref_subject_fails() {
        List<String> hints = PROFILE.spec().hooks().nearMisses().hints("sub", "'repo:acme/app:ref:refs/heads/main'",
                Map.of("sub_context", "environment:production", "sub_form", "name"));
        assertThat(hints).singleElement().asString().startsWith("sub is in environment form (environment:production)")
                .contains("`environment: production`");
        assertThat(PROFILE.spec().hooks().nearMisses().hints("ref", "'refs/heads/main'",
                Map.of("sub_context", "environment:production"))).isEmpty();
    }

    @Test
    void an_immutable_subject_explains_why_a_name_form_pattern_fails() {
        assertThat(PROFILE.spec().hooks().nearMisses().hints("sub", "glob 'repo:acme/app:*'",
                Map.of("sub_context", "ref:refs/heads/main", "sub_form", "immutable")))
                .singleElement().asString().startsWith("sub is in the immutable-ID form");
    }

    private static ProfileSpec.ValueShape shape(String attribute) {
        return PROFILE.spec().valueShapes().stream().filter(s -> s.attribute().equals(attribute)).findFirst().orElseThrow();
    }
}
