package dev.wifbroker.identity.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.PinnedKeySource;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each profile's claims, signed and verified end to end, normalize into the documented attributes. */
class IdentityViewTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static PublicJsonWebKey rsa;
    private static PublicJsonWebKey ec;
    private static TokenVerifier verifier;

    @BeforeAll
    static void keys() {
        rsa = TestKeys.rsa("r1");
        ec = TestKeys.ec("e1");
        JwksSnapshot keys = JwksSnapshot.parse(TestKeys.jwks(List.of(rsa, ec)), NOW);
        JwksSpec pinned = new JwksSpec.Pinned(keys, "inline");
        verifier = new TokenVerifier(Issuers.lookup(
                issuer("github", ProfileKind.GITHUB_ACTIONS, "https://token.actions.githubusercontent.com", pinned, keys),
                issuer("gitlab", ProfileKind.GITLAB, "https://gitlab.com", pinned, keys),
                issuer("eks", ProfileKind.KUBERNETES, "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE", pinned, keys),
                issuer("idp", ProfileKind.OIDC, "https://idp.example.com", pinned, keys)),
                VerifierSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static TrustedIssuer issuer(String name, ProfileKind kind, String url, JwksSpec jwks, JwksSnapshot keys) {
        return new TrustedIssuer(Issuers.spec(name, kind, url, jwks), new PinnedKeySource(keys));
    }

    private static IdentityView verify(String fixture, PublicJsonWebKey key, String alg) throws Exception {
        return verifier.verify(Tokens.sign(Tokens.fresh(Tokens.fixture(fixture), NOW, 300), key, alg)).identity();
    }

    @Test
    void githubNameFormSubject() throws Exception {
        IdentityView id = verify("github/deploy-main-production.json", rsa, "RS256");
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
    void githubImmutableIdSubject() throws Exception {
        IdentityView id = verify("github/immutable-subject-pr.json", rsa, "RS256");
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
    void githubSubjectValuesAreColonDecoded() throws Exception {
        IdentityView id = verify("github/tag-with-colon.json", rsa, "RS256");
        assertThat(id.attributes()).containsEntry("sub_context", "ref:refs/tags/release:2026");
    }

    @Test
    void gitlabStringsStayStringsAndNumbersBecomeText() throws Exception {
        IdentityView id = verify("gitlab/protected-main.json", rsa, "RS256");
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
    void kubernetesNestedClaimsBecomeFlatAttributes() throws Exception {
        IdentityView id = verify("kubernetes/payments-api.json", ec, "ES256");
        assertThat(id.subject()).isEqualTo("system:serviceaccount:payments:api");
        assertThat(id.attributes()).containsEntry("namespace", "payments")
                .containsEntry("service_account", "api")
                .containsEntry("service_account_uid", "a087d5a0-e1dd-43ec-93ac-f13d89cd13af")
                .containsEntry("pod", "api-7d9c-xk2p")
                .containsEntry("pod_uid", "778a530c-b3f4-47c0-9cd5-ab018fb64f33")
                .containsEntry("node", "ip-10-0-1-2.ec2.internal")
                .containsEntry("kubernetes.io.namespace", "payments")
                .containsEntry("aud", List.of("https://broker.example.com"));
    }

    @Test
    void kubernetesFallsBackToTheSubjectForNamespaceAndAccount() {
        Map<String, Object> attrs = new dev.wifbroker.identity.profile.kubernetes.KubernetesProfile()
                .normalize(Map.of("sub", "system:serviceaccount:batch:reporter"));
        assertThat(attrs).containsEntry("namespace", "batch").containsEntry("service_account", "reporter");
    }

    @Test
    void genericOidcKeepsEveryClaimUnderItsOwnNameAndNestedByPath() throws Exception {
        IdentityView id = verify("oidc/generic.json", rsa, "RS256");
        assertThat(id.attributes()).containsEntry("email", "reporting@example.com")
                .containsEntry("groups", List.of("analytics", "readers"))
                .containsEntry("tenant.id", "t-42")
                .containsEntry("sub", "svc-reporting");
    }
}
