package dev.wifbroker.api.gcpazure;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.GcpAzureFixtures;
import dev.wifbroker.testing.GoogleStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real gcloud CLI through the broker: {@code gcloud auth login --cred-file} with the documented
 * {@code external_account} file, then commands that refresh. gcloud asks for its fixed scope set (openid,
 * userinfo.email, cloud-platform, appengine.admin, sqlservice.login, compute) with its own client's Basic
 * authentication, and names the account by introspecting the token at {@code token_info_url}.
 *
 * <p>Every gcloud process gets a fresh config directory, and a proxy on a closed loopback port for anything not
 * on loopback, so nothing it tries (Google's introspection, metrics, the metadata server) leaves the machine.
 * Skipped, loudly, where gcloud is not installed: no registry this project installs from serves it.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class GcloudTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEAD_PROXY = "http://127.0.0.1:9";
    private static Path gcloud;

    @BeforeAll
    static void findGcloud() {
        gcloud = onPath("gcloud");
        if (gcloud == null) {
            System.err.println("GcloudTest SKIPPED: gcloud is not on PATH (Google Cloud SDK); the gcloud flow is untested here");
        }
        Assumptions.assumeTrue(gcloud != null, "gcloud is not installed");
    }

    @Test
    void gcloud_logs_in_with_the_documented_credential_file_and_gets_the_roles_token() throws Exception {
        Path dir = Files.createTempDirectory("gcloud-");
        String sub = GcpAzureClientsTest.unique();
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, GcpAzureClientsTest.githubToken(sub));
        Path credFile = dir.resolve("cred.json");
        // Plain http on loopback: google-auth (Python, 2.x) accepts it; production uses https.
        String base = "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        Files.writeString(credFile, """
                {"type": "external_account", "audience": "gcp-deploy",
                 "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
                 "token_url": "%s/v1/token",
                 "token_info_url": "%s/v1/introspect",
                 "credential_source": {"file": "%s", "format": {"type": "text"}}}
                """.formatted(base, base, tokenFile));
        Path config = dir.resolve("config");

        Result login = run(config, dir, "auth", "login", "--cred-file=" + credFile, "--quiet");
        assertThat(login.exit).as(login.output).isZero();
        assertThat(login.output).contains("Authenticated with external account credentials for: ["
                + GcpAzureFixtures.GCP_SERVICE_ACCOUNT + "]");

        Result token = run(config, dir, "auth", "print-access-token");
        assertThat(token.exit).as(token.output).isZero();
        assertThat(token.stdout.strip()).isEqualTo(GoogleStub.IMPERSONATED_TOKEN);
        Result account = run(config, dir, "config", "get-value", "account");
        assertThat(account.stdout.strip()).isEqualTo(GcpAzureFixtures.GCP_SERVICE_ACCOUNT);

        // Google was asked for the role's scope only, not gcloud's identity and product scopes.
        var google = GcpAzureFixtures.google().server();
        var iam = google.findAll(postRequestedFor(urlMatching(".*:generateAccessToken")));
        assertThat(iam).isNotEmpty();
        JsonNode body = JSON.readTree(iam.get(iam.size() - 1).getBodyAsString());
        assertThat(body.path("scope").toString()).isEqualTo("[\"https://www.googleapis.com/auth/cloud-platform\"]");
    }

    @Test
    void the_introspection_endpoint_answers_only_for_tokens_the_broker_issued() {
        given().formParam("token", "ya29.never-issued-by-this-broker").post("/v1/introspect").then().statusCode(200)
                .header("Cache-Control", "no-store").body("active", equalTo(false));
        given().formParam("token_type_hint", "access_token").post("/v1/introspect").then().statusCode(400)
                .body("error", equalTo("invalid_request")).body("error_description", equalTo("token is required"));
    }

    private record Result(int exit, String stdout, String output) {}

    private static Result run(Path config, Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(gcloud.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CLOUDSDK_") || k.startsWith("GOOGLE_") || k.toLowerCase().endsWith("_proxy"));
        env.put("CLOUDSDK_CONFIG", config.toString());
        env.put("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true");
        env.put("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true");
        env.put("CLOUDSDK_CORE_CHECK_GCE_METADATA", "false");
        env.put("CLOUDSDK_CORE_DISABLE_PROMPTS", "1");
        env.put("GCE_METADATA_HOST", "127.0.0.1:9");
        env.put("GCE_METADATA_IP", "127.0.0.1:9");
        for (String proxy : List.of("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy")) {
            env.put(proxy, DEAD_PROXY);
        }
        env.put("NO_PROXY", "localhost,127.0.0.1");
        env.put("no_proxy", "localhost,127.0.0.1");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("gcloud " + String.join(" ", args) + " did not finish in 120 s");
        }
        String stdout = Files.readString(out);
        return new Result(p.exitValue(), stdout, stdout + Files.readString(err));
    }

    private static Path onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(d, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
