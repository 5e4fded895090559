package dev.wifbroker.ci;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ExternalAccountCredentials;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.EntraStub;
import dev.wifbroker.testing.GcpAzureFixtures;
import dev.wifbroker.testing.GoogleStub;
import dev.wifbroker.testing.LoopbackTls;
import dev.wifbroker.testing.StsStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GitHub Action (action.yml → ci/github/action.sh → ci/wif-broker.sh) run by a real shell as the runner runs
 * it, with the runtime faked on loopback ({@link GithubIdTokenStub}: ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN,
 * GITHUB_ENV, GITHUB_OUTPUT, RUNNER_TEMP), against this real broker over https, for every target; each result is
 * then used by the client that would use it in the job (google-auth-library, azure-identity, the broker's JWKS).
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class GithubActionTest {
    static final Path SCRIPT = CiJob.REPO.resolve("ci/github/action.sh");
    static final String AUDIENCE = "https://broker.example.com"; // the test issuer's audience

    GithubIdTokenStub runtime;
    Path githubEnv;
    Path githubOutput;
    Path runnerTemp;

    @BeforeEach
    void runner() throws Exception {
        runtime = new GithubIdTokenStub();
        githubEnv = Files.createTempFile("github-env", "");
        githubOutput = Files.createTempFile("github-output", "");
        runnerTemp = Files.createTempDirectory("runner-temp");
    }

    @AfterEach
    void stop() {
        runtime.close();
        GcpAzureFixtures.google().succeed();
        GcpAzureFixtures.entra().resetAll();
    }

    static String broker() {
        return "https://127.0.0.1:" + GcpAzureFixtures.HTTPS_PORT;
    }

    /** The step's environment: the runner's variables plus the action's inputs (action.yml maps inputs to WIF_*). */
    Map<String, String> step(String role, String target, Map<String, String> inputs) {
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("CI", "true");
        env.put("ACTIONS_ID_TOKEN_REQUEST_URL", runtime.requestUrl());
        env.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", runtime.requestToken);
        env.put("GITHUB_ENV", githubEnv.toString());
        env.put("GITHUB_OUTPUT", githubOutput.toString());
        env.put("RUNNER_TEMP", runnerTemp.toString());
        env.put("GITHUB_ACTION_PATH", CiJob.REPO.toString());
        env.put("CURL_CA_BUNDLE", CiJob.caBundle().toString());
        env.put("WIF_BROKER_URL", broker());
        env.put("WIF_ROLE", role);
        env.put("WIF_TARGET", target);
        env.put("WIF_AUDIENCE", AUDIENCE);
        env.putAll(inputs);
        return env;
    }

    CiJob run(String shell, Map<String, String> env) {
        return CiJob.run(shell, SCRIPT, env);
    }

    /** Every secret the step handled: the request token, each ID token, and the given credential parts. */
    List<String> secrets(String... more) {
        List<String> out = new ArrayList<>(List.of(runtime.requestToken));
        out.addAll(runtime.issued);
        out.addAll(List.of(more));
        return out;
    }

    @ParameterizedTest(name = "{0}: AWS env credentials and region")
    @ValueSource(strings = {"sh", "bash"})
    void aws_exports_the_session_as_env_credentials(String shell) throws Exception {
        CiJob job = run(shell, step("aws-deploy", "aws", Map.of("WIF_AWS_REGION", "eu-west-1")));

        Map<String, String> env = CiJob.githubFile(githubEnv);
        assertThat(job.exitCode()).as(job.log()).isZero();
        assertThat(env.get("AWS_ACCESS_KEY_ID")).startsWith("ASIA");
        assertThat(env).containsEntry("AWS_SECRET_ACCESS_KEY", StsStub.SECRET_ACCESS_KEY)
                .containsEntry("AWS_SESSION_TOKEN", StsStub.SESSION_TOKEN)
                .containsEntry("AWS_REGION", "eu-west-1").containsEntry("AWS_DEFAULT_REGION", "eu-west-1");
        Map<String, String> outputs = CiJob.githubFile(githubOutput);
        assertThat(Instant.parse(outputs.get("aws-expiration"))).isAfter(Instant.now().plusSeconds(3000));
        assertThat(outputs).containsEntry("issued-token-type", "urn:wif-broker:token-type:aws-credentials");
        assertThat(runtime.audiences).containsExactly(AUDIENCE);
        job.assertMasked(secrets(env.get("AWS_ACCESS_KEY_ID"), StsStub.SECRET_ACCESS_KEY, StsStub.SESSION_TOKEN));
        assertThat(job.log()).contains("obtained role 'aws-deploy' (aws)");
    }

    @Test
    void aws_region_passes_through_from_the_job_environment() throws Exception {
        Map<String, String> env = step("aws-deploy", "aws", Map.of());
        env.put("AWS_REGION", "ap-southeast-2");
        CiJob job = run("sh", env);

        assertThat(job.exitCode()).as(job.log()).isZero();
        assertThat(CiJob.githubFile(githubEnv)).containsEntry("AWS_REGION", "ap-southeast-2")
                .containsEntry("AWS_DEFAULT_REGION", "ap-southeast-2");
    }

    @ParameterizedTest(name = "{0}: the external_account file works in google-auth-library")
    @ValueSource(strings = {"sh", "bash"})
    void gcp_writes_an_external_account_file_that_google_auth_library_refreshes_through_the_broker(String shell)
            throws Exception {
        CiJob job = run(shell, step("gcp-deploy", "gcp", Map.of()));

        assertThat(job.exitCode()).as(job.log()).isZero();
        Map<String, String> env = CiJob.githubFile(githubEnv);
        Map<String, String> outputs = CiJob.githubFile(githubOutput);
        Path file = Path.of(env.get("GOOGLE_APPLICATION_CREDENTIALS"));
        assertThat(env).containsEntry("CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", file.toString());
        assertThat(outputs).containsEntry("credentials-file", file.toString())
                .containsEntry("access-token", GoogleStub.IMPERSONATED_TOKEN);
        assertThat(file).startsWith(runnerTemp);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        job.assertMasked(secrets(GoogleStub.IMPERSONATED_TOKEN));

        // The job's Google client, later: it fetches a fresh ID token from the runtime and exchanges it itself.
        ExternalAccountCredentials credentials;
        try (InputStream in = Files.newInputStream(file)) {
            NetHttpTransport transport = trustingLoopback();
            credentials = ExternalAccountCredentials.fromStream(in, () -> transport);
        }
        int before = runtime.issued.size();
        assertThat(credentials.refreshAccessToken().getTokenValue()).isEqualTo(GoogleStub.IMPERSONATED_TOKEN);
        assertThat(runtime.issued).hasSize(before + 1);
        assertThat(runtime.audiences).containsOnly(AUDIENCE);
    }

    @ParameterizedTest(name = "{0}: azure-identity redeems the assertion file")
    @ValueSource(strings = {"sh", "bash"})
    void azure_assertion_mode_exports_what_workload_identity_credential_reads(String shell) throws Exception {
        GcpAzureFixtures.entra().stubFor(WireMock.post(EntraStub.TOKEN_PATH).willReturn(WireMock.okJson(EntraStub.TOKEN_OK)));
        CiJob job = run(shell, step("azure-workload", "azure", Map.of("WIF_AZURE_CLIENT_ID", EntraStub.CLIENT,
                "WIF_AZURE_TENANT_ID", EntraStub.TENANT,
                "WIF_AZURE_AUTHORITY_HOST", EntraStub.authorityHost(GcpAzureFixtures.entra()))));

        assertThat(job.exitCode()).as(job.log()).isZero();
        Map<String, String> env = CiJob.githubFile(githubEnv);
        assertThat(env).containsEntry("AZURE_CLIENT_ID", EntraStub.CLIENT).containsEntry("AZURE_TENANT_ID", EntraStub.TENANT)
                .containsEntry("AZURE_AUTHORITY_HOST", EntraStub.authorityHost(GcpAzureFixtures.entra()));
        Path file = Path.of(env.get("AZURE_FEDERATED_TOKEN_FILE"));
        String assertion = Files.readString(file);
        assertThat(assertion).doesNotEndWith("\n");
        assertThat(CiJob.githubFile(githubOutput)).containsEntry("federated-token-file", file.toString());

        // What DefaultAzureCredential / WorkloadIdentityCredential does with those four variables.
        AccessToken token = new WorkloadIdentityCredentialBuilder().tenantId(env.get("AZURE_TENANT_ID"))
                .clientId(env.get("AZURE_CLIENT_ID")).tokenFilePath(file.toString()).authorityHost(env.get("AZURE_AUTHORITY_HOST"))
                .disableInstanceDiscovery() // the stub is not a Microsoft host
                .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(LoopbackTls.sslContext()))
                        .build())
                .build().getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default"));
        assertThat(token.getToken()).endsWith(".entra.token");
        JwtClaims claims = verifiedByBrokerJwks(assertion);
        assertThat(claims.getSubject()).isEqualTo("azure-workload");
        assertThat(claims.getAudience()).containsExactly("api://AzureADTokenExchange");
        job.assertMasked(secrets(assertion));
    }

    @Test
    void azure_default_authority_host_is_entra() throws Exception {
        CiJob job = run("sh", step("azure-workload", "azure", Map.of("WIF_AZURE_CLIENT_ID", EntraStub.CLIENT,
                "WIF_AZURE_TENANT_ID", EntraStub.TENANT)));

        assertThat(job.exitCode()).as(job.log()).isZero();
        assertThat(CiJob.githubFile(githubEnv)).containsEntry("AZURE_AUTHORITY_HOST", "https://login.microsoftonline.com/");
    }

    @Test
    void azure_assertion_without_client_and_tenant_fails_naming_the_inputs() {
        CiJob job = run("sh", step("azure-workload", "azure", Map.of()));

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.errors()).singleElement().asString().contains("azure-client-id and azure-tenant-id");
        job.assertMasked(secrets());
    }

    @Test
    void azure_token_mode_gives_entras_access_token_as_a_masked_output() throws Exception {
        GcpAzureFixtures.entra().stubFor(WireMock.post(EntraStub.TOKEN_PATH).willReturn(WireMock.okJson(EntraStub.TOKEN_OK)));
        CiJob job = run("sh", step("azure-deploy", "azure", Map.of()));

        assertThat(job.exitCode()).as(job.log()).isZero();
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra.token";
        assertThat(CiJob.githubFile(githubOutput)).containsEntry("access-token", token);
        job.assertMasked(secrets(token));
    }

    @ParameterizedTest(name = "{0}: the internal token is a masked output")
    @ValueSource(strings = {"sh", "bash"})
    void internal_gives_the_broker_token_as_a_masked_output(String shell) throws Exception {
        CiJob job = run(shell, step("deploy", "internal", Map.of("WIF_SCOPE", "deploy.read", "WIF_LIFETIME", "2m")));

        assertThat(job.exitCode()).as(job.log()).isZero();
        Map<String, String> outputs = CiJob.githubFile(githubOutput);
        String token = outputs.get("token");
        JwtClaims claims = verifiedByBrokerJwks(token);
        assertThat(claims.getAudience()).containsExactly("payments-api");
        assertThat(claims.getStringClaimValue("scope")).isEqualTo("deploy.read");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(120);
        assertThat(claims.getSubject()).isEqualTo("github:" + runtime.sub());
        assertThat(Long.parseLong(outputs.get("expires-in"))).isBetween(100L, 120L);
        assertThat(CiJob.githubFile(githubEnv)).isEmpty();
        job.assertMasked(secrets(token));
    }

    @Test
    void without_id_token_permission_it_fails_with_the_permissions_yaml_to_add() {
        Map<String, String> env = step("deploy", "internal", Map.of());
        env.remove("ACTIONS_ID_TOKEN_REQUEST_URL");
        env.remove("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        CiJob job = run("sh", env);

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.errors()).singleElement().asString()
                .contains("permissions:\n  id-token: write\n  contents: read\n")
                .doesNotContain("Unable to get ACTIONS_ID_TOKEN_REQUEST_URL");
        assertThat(job.log()).startsWith("::error title=wif-broker%3A this job may not request an ID token::");
        assertThat(runtime.audiences).isEmpty();
    }

    @Test
    void a_denial_prints_error_reason_claim_and_decision_id_and_fails() throws Exception {
        runtime.claims(c -> c.put("ref", "refs/heads/dev"));
        CiJob job = run("sh", step("deploy", "internal", Map.of()));

        assertThat(job.exitCode()).isNotZero();
        String error = job.errors().get(0);
        assertThat(error).contains("the broker refused role 'deploy' (HTTP 403)", "error: access_denied",
                "reason: no_matching_rule", "claim: ref").containsPattern("decision_id: [0-9a-f-]{36}");
        String decision = error.replaceAll("(?s).*decision_id: ([0-9a-f-]{36}).*", "$1");
        given().port(dev.wifbroker.testing.TestPorts.management()).get("/admin/v1/decisions?reason=no_matching_rule&limit=50")
                .then().statusCode(200).body(org.hamcrest.Matchers.containsString(decision));
        assertThat(CiJob.githubFile(githubEnv)).isEmpty();
        assertThat(CiJob.githubFile(githubOutput)).isEmpty();
        job.assertMasked(secrets());
    }

    @Test
    void the_default_audience_is_the_broker_url() {
        Map<String, String> env = step("deploy", "internal", Map.of());
        env.remove("WIF_AUDIENCE");
        CiJob job = run("sh", env);

        // This broker's test issuer expects https://broker.example.com, not its loopback URL: the broker says so.
        assertThat(runtime.audiences).containsExactly(broker());
        assertThat(job.exitCode()).isNotZero();
        assertThat(job.errors().get(0)).contains("reason: audience_mismatch", "set the audience input");
        job.assertMasked(secrets());
    }

    @Test
    void an_unreachable_broker_fails_clearly() {
        String url = "https://127.0.0.1:" + CiJob.closedPort();
        CiJob job = run("sh", step("deploy", "internal", Map.of("WIF_BROKER_URL", url)));

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.errors()).singleElement().asString().contains("cannot reach the broker at " + url, "curl: (7)");
        job.assertMasked(secrets());
    }

    @Test
    void a_wrong_request_token_fails_at_the_runtime_and_sends_nothing_to_the_broker() {
        Map<String, String> env = step("deploy", "internal", Map.of());
        env.put("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "not-the-runtime-token");
        CiJob job = run("sh", env);

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.errors()).singleElement().asString().contains("HTTP 401");
        assertThat(runtime.issued).isEmpty();
    }

    @ParameterizedTest(name = "refused input: {0}")
    @ValueSource(strings = {"WIF_BROKER_URL=http://broker.example.com", "WIF_ROLE=Deploy", "WIF_TARGET=s3",
            "WIF_LIFETIME=15 minutes", "WIF_LIFETIME=0", "WIF_ROLE="})
    void bad_inputs_fail_before_any_request(String input) {
        String[] kv = input.split("=", 2);
        CiJob job = run("sh", step("deploy", "internal", Map.of(kv[0], kv[1])));

        assertThat(job.exitCode()).isNotZero();
        assertThat(job.errors()).singleElement();
        assertThat(runtime.audiences).isEmpty();
    }

    static JwtClaims verifiedByBrokerJwks(String token) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        return JwksVerifier.verify(token, jwks, Instant.now());
    }

    static NetHttpTransport trustingLoopback() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(LoopbackTls.keystore())) {
            store.load(in, LoopbackTls.PASSWORD.toCharArray());
        }
        return new NetHttpTransport.Builder().trustCertificates(store).build();
    }
}
