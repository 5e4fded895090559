package dev.wifbroker.ci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ExternalAccountCredentials;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.EntraStub;
import dev.wifbroker.testing.GcpAzureFixtures;
import dev.wifbroker.testing.GoogleStub;
import dev.wifbroker.testing.StsStub;
import dev.wifbroker.testing.TestPorts;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GitLab CI/CD component: templates/credentials.yml parsed as GitLab does, its inputs interpolated, and its
 * before_script run by a real shell under the runner's options ({@code set -eo pipefail} in bash, {@code set -e}
 * in sh) followed by the job's own script lines in the same shell, with the job's {@code CI_*} variables and the
 * {@code id_tokens} variable (a real GitLab-shaped token of the broker's test GitLab issuer), against this real
 * broker over https, for every target. GitLab has no runtime masking, so nothing secret may reach the log.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class GitlabComponentTest {
    static final String AUDIENCE = "https://broker.example.com";
    static final String TRUST = """
            trust:
              - issuer: gitlab
                claims: {project_id: "20", namespace_id: "72", ref: main, ref_type: branch, ref_protected: "true"}
            """;
    /** Roles of the GitLab issuer for the cloud targets (gitlab-main is the internal one), added for this class only. */
    static final Map<String, String> ROLES = Map.of(
            "zz-ci-gitlab-aws", "credentials:\n  aws: {roleArn: \"arn:aws:iam::123456789012:role/gitlab-ci\", duration: 1h}\n",
            "zz-ci-gitlab-gcp", """
                    credentials:
                      gcp:
                        workloadIdentityProvider: "%s"
                        serviceAccount: %s
                        scopes: [https://www.googleapis.com/auth/cloud-platform]
                    """.formatted(GcpAzureFixtures.GCP_PROVIDER, GcpAzureFixtures.GCP_SERVICE_ACCOUNT),
            "zz-ci-gitlab-azure", "credentials:\n  azure: {tenantId: %s, clientId: %s, mode: assertion, duration: 10m}\n"
                    .formatted(EntraStub.TENANT, EntraStub.CLIENT));

    Path projectDir;
    String sub;
    final List<String> tokens = new ArrayList<>();

    @BeforeAll
    static void gitlabRoles() throws Exception {
        for (Map.Entry<String, String> role : ROLES.entrySet()) {
            Files.writeString(BrokerTestResource.policyDir().resolve("roles/" + role.getKey() + ".yaml"),
                    "role: " + role.getKey() + "\n" + TRUST + role.getValue());
        }
        awaitRoles(true);
    }

    @AfterAll
    static void removeRoles() throws Exception {
        for (String role : ROLES.keySet()) {
            Files.deleteIfExists(BrokerTestResource.policyDir().resolve("roles/" + role + ".yaml"));
        }
        awaitRoles(false);
    }

    static void awaitRoles(boolean present) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            String roles = given().port(TestPorts.management()).get("/admin/v1/roles").then().statusCode(200).extract().asString();
            boolean all = ROLES.keySet().stream().allMatch(r -> roles.contains("\"" + r + "\""));
            boolean none = ROLES.keySet().stream().noneMatch(r -> roles.contains("\"" + r + "\""));
            if (present ? all : none) {
                return;
            }
            assertThat(Instant.now()).as("the policy reload within 20 s").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @BeforeEach
    void job() throws IOException {
        projectDir = Files.createTempDirectory("ci-project");
        sub = "project_path:acme/payments:ref_type:branch:ref:main:" + UUID.randomUUID(); // one identity per test: rate limits
        GcpAzureFixtures.google().succeed();
        GcpAzureFixtures.entra().resetAll();
    }

    /** What GitLab puts in the {@code id_tokens} variable: a token of the GitLab issuer with the declared {@code aud}. */
    String idToken(Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("gitlab/protected-main.json"), Instant.now(), 3600);
        claims.put("iss", BrokerTestResource.issuerUrl("gitlab"));
        claims.put("sub", sub);
        claims.put("aud", AUDIENCE);
        claims.put("jti", UUID.randomUUID().toString());
        edit.accept(claims);
        String token = Tokens.sign(claims, BrokerTestResource.GITLAB_KEY, "RS256");
        tokens.add(token);
        return token;
    }

    static Map<String, String> inputs(String role, String target, String... more) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("broker-url", "https://127.0.0.1:" + GcpAzureFixtures.HTTPS_PORT);
        out.put("role", role);
        out.put("target", target);
        for (int i = 0; i < more.length; i += 2) {
            out.put(more[i], more[i + 1]);
        }
        return out;
    }

    /**
     * Runs the job: the component's before_script, then {@code script} lines, in one shell as the runner does;
     * the script dumps the environment it sees to job-env.
     */
    CiJob run(String shell, Map<String, String> inputs, String idToken, String... script) throws IOException {
        GitlabComponent.Job job = GitlabComponent.load().job(inputs);
        StringBuilder text = new StringBuilder(shell.equals("bash") ? "set -eo pipefail\n" : "set -e\n");
        job.beforeScript().forEach(line -> text.append(line).append('\n'));
        for (String line : script) {
            text.append(line).append('\n');
        }
        text.append("env > \"$CI_PROJECT_DIR/job-env\"\n");
        Path file = projectDir.resolve("job.sh");
        Files.writeString(file, text);
        Map<String, String> env = new HashMap<>(job.variables());
        env.put("CI", "true");
        env.put("GITLAB_CI", "true");
        env.put("CI_SERVER_FQDN", "gitlab.example.com");
        env.put("CI_PROJECT_DIR", projectDir.toString());
        env.put("CI_JOB_ID", "3434");
        env.put("CI_PIPELINE_SOURCE", "push");
        env.put("TMPDIR", Files.createDirectories(projectDir.resolve("tmp")).toString());
        env.put("CURL_CA_BUNDLE", CiJob.caBundle().toString());
        if (idToken != null) {
            env.put("WIF_ID_TOKEN", idToken);
        }
        return CiJob.run(shell, file, env);
    }

    Map<String, String> jobEnv() throws IOException {
        return envFile(projectDir.resolve("job-env"));
    }

    static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: AWS env credentials for the job's script lines")
    @ValueSource(strings = {"sh", "bash"})
    void aws_exports_env_credentials_into_the_jobs_shell(String shell) throws Exception {
        CiJob job = run(shell, inputs("zz-ci-gitlab-aws", "aws", "aws-region", "eu-central-1"), idToken(c -> {}));

        assertThat(job.exitCode()).as(job.log()).isZero();
        Map<String, String> env = jobEnv();
        assertThat(env.get("AWS_ACCESS_KEY_ID")).startsWith("ASIA");
        assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", StsStub.SECRET_ACCESS_KEY)
                .containsEntry("AWS_SESSION_TOKEN", StsStub.SESSION_TOKEN)
                .containsEntry("AWS_REGION", "eu-central-1").containsEntry("AWS_DEFAULT_REGION", "eu-central-1");
        assertThat(env.keySet()).as("nothing of the component's own state is left in the job's shell")
                .noneMatch(k -> k.startsWith("wif_"));
        assertThat(Path.of(env.get("WIF_BROKER_DIR"))).startsWith(projectDir.resolve("tmp")).isDirectory();
        assertThat(Files.getPosixFilePermissions(Path.of(env.get("WIF_BROKER_DIR"))))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        job.assertNoSecrets(secrets(StsStub.SECRET_ACCESS_KEY, StsStub.SESSION_TOKEN, env.get("AWS_ACCESS_KEY_ID")));
        assertThat(job.log()).contains("obtained role 'zz-ci-gitlab-aws' (aws)");
    }

    @ParameterizedTest(name = "{0}: the external_account file works in google-auth-library")
    @ValueSource(strings = {"sh", "bash"})
    void gcp_writes_an_external_account_file_reading_the_id_token_from_a_file(String shell) throws Exception {
        CiJob job = run(shell, inputs("zz-ci-gitlab-gcp", "gcp"), idToken(c -> {}));

        assertThat(job.exitCode()).as(job.log()).isZero();
        Map<String, String> env = jobEnv();
        Path file = Path.of(env.get("GOOGLE_APPLICATION_CREDENTIALS"));
        assertThat(env).containsEntry("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", file.toString())
                .containsEntry("WIF_BROKER_CREDENTIALS_FILE", file.toString())
                .containsEntry("WIF_BROKER_ACCESS_TOKEN", GoogleStub.IMPERSONATED_TOKEN);
        assertThat(file).startsWith(projectDir.resolve("tmp"));
        ExternalAccountCredentials credentials;
        try (InputStream in = Files.newInputStream(file)) {
            NetHttpTransport transport = GithubActionTest.trustingLoopback();
            credentials = ExternalAccountCredentials.fromStream(in, () -> transport);
        }
        assertThat(credentials.refreshAccessToken().getTokenValue()).isEqualTo(GoogleStub.IMPERSONATED_TOKEN);
        job.assertNoSecrets(secrets(GoogleStub.IMPERSONATED_TOKEN));
    }

    @ParameterizedTest(name = "{0}: azure-identity's variables and token file")
    @ValueSource(strings = {"sh", "bash"})
    void azure_exports_what_workload_identity_credential_reads(String shell) throws Exception {
        CiJob job = run(shell, inputs("zz-ci-gitlab-azure", "azure", "azure-client-id", EntraStub.CLIENT,
                "azure-tenant-id", EntraStub.TENANT), idToken(c -> {}));

        assertThat(job.exitCode()).as(job.log()).isZero();
        Map<String, String> env = jobEnv();
        assertThat(env).containsEntry("AZURE_CLIENT_ID", EntraStub.CLIENT).containsEntry("AZURE_TENANT_ID", EntraStub.TENANT)
                .containsEntry("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/");
        String assertion = Files.readString(Path.of(env.get("AZURE_FEDERATED_TOKEN_FILE")));
        JwtClaims claims = GithubActionTest.verifiedByBrokerJwks(assertion);
        assertThat(claims.getSubject()).isEqualTo("zz-ci-gitlab-azure");
        assertThat(claims.getAudience()).containsExactly("api://AzureADTokenExchange");
        assertThat(claims.getStringClaimValue("workload")).isEqualTo("gitlab:" + sub);
        job.assertNoSecrets(secrets(assertion));
    }

    @ParameterizedTest(name = "{0}: the internal token as WIF_BROKER_TOKEN")
    @ValueSource(strings = {"sh", "bash"})
    void internal_exports_the_token_as_wif_broker_token(String shell) throws Exception {
        CiJob job = run(shell, inputs("gitlab-main", "internal", "lifetime", "1m"), idToken(c -> {}),
                "test \"$WIF_BROKER_EXPIRES_IN\" -le 60");

        assertThat(job.exitCode()).as(job.log()).isZero();
        String token = jobEnv().get("WIF_BROKER_TOKEN");
        JwtClaims claims = GithubActionTest.verifiedByBrokerJwks(token);
        assertThat(claims.getAudience()).containsExactly("release-api");
        assertThat(claims.getSubject()).isEqualTo("gitlab:" + sub);
        job.assertNoSecrets(secrets(token));
    }

    @Test
    void without_the_id_tokens_variable_it_fails_with_the_yaml_to_add() throws Exception {
        CiJob job = run("bash", inputs("gitlab-main", "internal"), null, "echo the script must not run");

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.log()).contains("$WIF_ID_TOKEN is empty: declare the ID token in the job:\n\nid_tokens:\n"
                + "  WIF_ID_TOKEN:\n    aud: https://127.0.0.1:" + GcpAzureFixtures.HTTPS_PORT + "\n").doesNotContain("the script must not run");
    }

    @Test
    void a_custom_id_token_variable_and_audience_appear_in_the_message() throws Exception {
        CiJob job = run("sh", inputs("gitlab-main", "internal", "id-token", "BROKER_TOKEN", "audience", AUDIENCE), idToken(c -> {}));

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.log()).contains("id_tokens:\n  BROKER_TOKEN:\n    aud: https://broker.example.com\n");
        job.assertNoSecrets(secrets());
    }

    @ParameterizedTest(name = "{0}: a denial stops the job with reason, claim and decision id")
    @ValueSource(strings = {"sh", "bash"})
    void a_denial_prints_reason_claim_and_decision_id_and_stops_the_job(String shell) throws Exception {
        CiJob job = run(shell, inputs("gitlab-main", "internal"), idToken(c -> c.put("ref_protected", "false")),
                "echo the script must not run");

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.log()).contains("ERROR: wif-broker: exchange refused (no_matching_rule)", "error: access_denied",
                "reason: no_matching_rule", "claim: ref_protected").containsPattern("decision_id: [0-9a-f-]{36}")
                .doesNotContain("the script must not run");
        job.assertNoSecrets(secrets());
    }

    @Test
    void an_unreachable_broker_stops_the_job_clearly() throws Exception {
        String url = "https://127.0.0.1:" + CiJob.closedPort();
        CiJob job = run("bash", inputs("gitlab-main", "internal", "broker-url", url), idToken(c -> {}), "echo the script must not run");

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.log()).contains("cannot reach the broker at " + url, "curl: (7)").doesNotContain("the script must not run");
        job.assertNoSecrets(secrets());
    }

    @Test
    void two_includes_give_two_hidden_jobs() throws Exception {
        assertThat(GitlabComponent.load().job(inputs("gitlab-main", "internal")).name()).isEqualTo(".wif-broker");
        assertThat(GitlabComponent.load().job(inputs("gitlab-main", "internal", "job", ".wif-release")).name())
                .isEqualTo(".wif-release");
    }

    List<String> secrets(String... more) {
        List<String> out = new ArrayList<>(tokens);
        out.addAll(List.of(more));
        return out;
    }
}
