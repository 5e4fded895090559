package dev.wifbroker.exchange;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.EntraStub;
import dev.wifbroker.testing.GcpAzureFixtures;
import dev.wifbroker.testing.StsStub;
import dev.wifbroker.testing.TestPorts;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A policy edit reaches cached cloud credentials at once: after a reload that changes a role's target the
 * same workload's next exchange goes upstream with the new definition, and a removed role leaves nothing
 * cached. Real exchanges against WireMock AWS STS, Google STS + IAM Credentials and Entra.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class CloudCredentialCacheReloadTest {
    private static final String TRUST = """
            trust:
              - issuer: github
                claims:
                  repository_id: "892551"
                  repository_owner_id: "65"
                  ref: refs/heads/main
            """;

    @Inject
    CredentialCache cache;

    /** One cloud: how its role reads with a value, how to exchange, how to count and read its upstream calls. */
    record Cloud(String kind, String before, String after, Function<String, String> target, Function<String, Response> exchange,
            Supplier<List<LoggedRequest>> upstreamCalls, Function<LoggedRequest, String> sentValue) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Arguments> clouds() {
        Cloud aws = new Cloud("aws", "arn:aws:iam::123456789012:role/cache-a", "arn:aws:iam::123456789012:role/cache-b",
                v -> "  aws: {roleArn: \"" + v + "\", duration: 1h}\n",
                token -> given().header("Authorization", token).get("/v1/aws/credentials?role=zz-cache-aws"),
                () -> BrokerTestResource.sts().requests(), r -> StsStub.parseForm(r.getBodyAsString()).get("RoleArn"));
        Cloud gcp = new Cloud("gcp", "cache-a@proj.iam.gserviceaccount.com", "cache-b@proj.iam.gserviceaccount.com",
                v -> "  gcp:\n    workloadIdentityProvider: \"" + GcpAzureFixtures.GCP_PROVIDER + "\"\n    serviceAccount: " + v
                        + "\n    scopes: [https://www.googleapis.com/auth/cloud-platform]\n",
                token -> tokenExchange(token, "zz-cache-gcp"),
                () -> GcpAzureFixtures.google().server().findAll(postRequestedFor(
                        urlMatching("/v1/projects/-/serviceAccounts/[^/]+:generateAccessToken"))),
                r -> r.getUrl().replaceAll(".*/serviceAccounts/([^/:]+):generateAccessToken", "$1"));
        Cloud azure = new Cloud("azure", "aaaaaaaa-1111-2222-3333-444444444444", "bbbbbbbb-1111-2222-3333-444444444444",
                v -> "  azure: {tenantId: " + EntraStub.TENANT + ", clientId: " + v + ", scope: https://management.azure.com/.default}\n",
                token -> tokenExchange(token, "zz-cache-azure"),
                () -> GcpAzureFixtures.entra().findAll(postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH))),
                r -> EntraStub.form(r).get("client_id"));
        return Stream.of(Arguments.of(aws), Arguments.of(gcp), Arguments.of(azure));
    }

    @AfterEach
    void healthyClouds() {
        BrokerTestResource.sts().succeed(Duration.ofHours(1));
        GcpAzureFixtures.google().succeed();
        GcpAzureFixtures.entra().resetAll();
    }

    @ParameterizedTest(name = "{0}: a changed target goes upstream anew; a removed role leaves nothing cached")
    @MethodSource("clouds")
    void a_policy_change_drops_the_cached_credentials_it_no_longer_produces(Cloud cloud) throws Exception {
        GcpAzureFixtures.entra().stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK)));
        String role = "zz-cache-" + cloud.kind();
        Path file = BrokerTestResource.policyDir().resolve("roles/" + role + ".yaml");
        String sub = "repo:octo-org/octo-repo:environment:production:" + UUID.randomUUID();
        try {
            writeAndAwaitReload(file, "role: " + role + "\n" + TRUST + "credentials:\n" + cloud.target().apply(cloud.before()));
            int calls = cloud.upstreamCalls().get().size();

            cloud.exchange().apply(github(sub)).then().statusCode(200);
            cloud.exchange().apply(github(sub)).then().statusCode(200);
            assertThat(cloud.upstreamCalls().get()).as("the second exchange is served from the cache").hasSize(calls + 1);
            assertThat(cloud.sentValue().apply(last(cloud))).isEqualTo(cloud.before());
            assertThat(cached(role)).isEqualTo(1);

            writeAndAwaitReload(file, "role: " + role + "\n" + TRUST + "credentials:\n" + cloud.target().apply(cloud.after()));
            assertThat(cached(role)).as("the reload dropped the old target's entry").isZero();
            cloud.exchange().apply(github(sub)).then().statusCode(200);
            assertThat(cloud.upstreamCalls().get()).hasSize(calls + 2);
            assertThat(cloud.sentValue().apply(last(cloud))).isEqualTo(cloud.after());
            assertThat(cached(role)).isEqualTo(1);
        } finally {
            String before = version();
            Files.deleteIfExists(file);
            await(() -> !before.equals(version()));
        }
        assertThat(cached(role)).as("a removed role leaves no cached credential").isZero();
        assertThat(cloud.exchange().apply(github(sub)).statusCode()).isEqualTo(400);
    }

    private long cached(String role) {
        return cache.count(k -> k.role().equals(role));
    }

    private static LoggedRequest last(Cloud cloud) {
        List<LoggedRequest> all = cloud.upstreamCalls().get();
        return all.stream().max(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).orElseThrow();
    }

    private static Response tokenExchange(String token, String role) {
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", token)
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .formParam("audience", role)
                .post("/v1/token");
    }

    private static String github(String sub) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 600);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        claims.put("sub", sub);
        claims.put("jti", UUID.randomUUID().toString());
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    private static void writeAndAwaitReload(Path file, String text) throws IOException, InterruptedException {
        String before = version();
        Files.writeString(file, text);
        await(() -> !before.equals(version()));
        assertThat((String) given().port(TestPorts.management()).get("/admin/v1/policy").path("lastError")).isNull();
    }

    private static String version() {
        return given().port(TestPorts.management()).get("/admin/v1/policy").path("version");
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.get()) {
            assertThat(Instant.now()).as("condition within 20 s").isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
