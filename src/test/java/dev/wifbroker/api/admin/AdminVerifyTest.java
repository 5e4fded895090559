package dev.wifbroker.api.admin;

import dev.wifbroker.testing.TestPorts;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class AdminVerifyTest {
    private static final int MANAGEMENT_PORT = TestPorts.management();

    private static ValidatableResponse verify(String token) {
        return given().port(MANAGEMENT_PORT).contentType(ContentType.JSON)
                .body(Map.of("token", token))
                .post("/admin/v1/verify").then();
    }

    private static String github(Consumer<Map<String, Object>> edit) {
        return token("github/deploy-main-production.json", "github", BrokerTestResource.GITHUB_KEY, "RS256", edit);
    }

    private static String token(String fixture, String issuer, PublicJsonWebKey key, String alg,
            Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture(fixture), Instant.now(), 300);
        claims.put("iss", BrokerTestResource.issuerUrl(issuer));
        edit.accept(claims);
        return Tokens.sign(claims, key, alg);
    }

    @Test
    void validGithubTokenShowsItsIdentityView() {
        verify(github(c -> {})).statusCode(200)
                .body("valid", equalTo(true))
                .body("issuer.name", equalTo("github"))
                .body("issuer.profile", equalTo("github-actions"))
                .body("subject", equalTo("repo:octo-org/octo-repo:environment:production"))
                .body("attributes.repository_id", equalTo("892551"))
                .body("attributes.sub_form", equalTo("name"))
                .body("keyId", equalTo("gh-1"))
                .body("algorithm", equalTo("RS256"));
    }

    /** {@code curl -d '{"token": …}'} sends application/x-www-form-urlencoded; a JSON body is read as JSON whatever that says. */
    @ParameterizedTest(name = "Content-Type [{0}]")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"application/x-www-form-urlencoded", "text/plain; charset=UTF-8", ""})
    void aJsonBodyIsVerifiedWithoutAJsonContentType(String contentType) {
        String body = "{\"token\": \"" + github(c -> {}) + "\"}";
        dev.wifbroker.testing.RawHttp.Reply reply = dev.wifbroker.testing.RawHttp.send(MANAGEMENT_PORT, "POST", "/admin/v1/verify",
                contentType.isEmpty() ? java.util.List.of() : java.util.List.of("Content-Type: " + contentType),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(reply.text()).contains("\"valid\":true", "\"name\":\"github\"");
    }

    @Test
    void aBodyThatIsNotJsonWithoutAJsonContentTypeNamesTheHeader() {
        dev.wifbroker.testing.RawHttp.Reply reply = dev.wifbroker.testing.RawHttp.send(MANAGEMENT_PORT, "POST", "/admin/v1/verify",
                java.util.List.of("Content-Type: application/x-www-form-urlencoded"), "token=abc".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.assertj.core.api.Assertions.assertThat(reply.status()).isEqualTo(415);
        org.assertj.core.api.Assertions.assertThat(reply.text()).contains("\"reason\":\"invalid_request\"",
                "Content-Type: application/json", "application/x-www-form-urlencoded");
    }

    @Test
    void validGitlabTokenVerifiesThroughAFixedJwksUri() {
        verify(token("gitlab/protected-main.json", "gitlab", BrokerTestResource.GITLAB_KEY, "RS256", c -> {}))
                .statusCode(200).body("attributes.project_path", equalTo("acme/payments"))
                .body("attributes.ref_protected", equalTo("true"));
    }

    @Test
    void validKubernetesTokenVerifiesWithPinnedKeys() {
        verify(token("kubernetes/payments-api.json", "cluster", BrokerTestResource.CLUSTER_KEY, "ES256", c -> {}))
                .statusCode(200).body("attributes.namespace", equalTo("payments"))
                .body("attributes.service_account", equalTo("api"));
    }

    static Stream<Arguments> refusals() {
        long now = Instant.now().getEpochSecond();
        return Stream.of(
                Arguments.of("expired 10 minutes ago", github(c -> {
                    c.put("iat", now - 900);
                    c.put("nbf", now - 900);
                    c.put("exp", now - 600);
                }), 400, "token_expired", "token expired 60"),
                Arguments.of("audience of another service", github(c -> c.put("aud", "https://github.com/octo-org")), 400,
                        "audience_mismatch", "aud [https://github.com/octo-org] does not contain any of [https://broker.example.com]"),
                Arguments.of("issuer with trailing slash", github(c -> c.put("iss", BrokerTestResource.issuerUrl("github") + "/")),
                        400, "issuer_not_trusted", "issuers must match exactly"),
                Arguments.of("issuer nobody trusts", github(c -> c.put("iss", "https://evil.example.com")), 400,
                        "issuer_not_trusted", "is not trusted"),
                Arguments.of("not a JWT", "hello", 400, "token_malformed", "has 1 parts"),
                Arguments.of("oversized", "a".repeat(20_000), 400, "token_malformed", "above the limit"),
                Arguments.of("ES256 under an RS256-only issuer",
                        token("github/deploy-main-production.json", "github", BrokerTestResource.CLUSTER_KEY, "ES256", c -> {}),
                        400, "algorithm_not_allowed", "not allowed for issuer github"),
                Arguments.of("missing exp", github(c -> c.remove("exp")), 400, "token_malformed", "no exp"),
                Arguments.of("signed by a stranger under the issuer's kid",
                        Tokens.sign(Tokens.fresh(withIss(Tokens.fixture("github/deploy-main-production.json")), Instant.now(), 300),
                                BrokerTestResource.GITLAB_KEY, "gh-1", "RS256"),
                        400, "signature_invalid", "does not verify"));
    }

    private static Map<String, Object> withIss(Map<String, Object> claims) {
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        return claims;
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("refusals")
    void refusedTokensNameTheirReason(String name, String token, int status, String reason, String detail) {
        verify(token).statusCode(status)
                .body("valid", equalTo(false))
                .body("reason", equalTo(reason))
                .body("detail", containsString(detail))
                .body("detail", not(containsString(token.length() > 40 ? token.substring(0, 40) : "\u0000")));
    }

    @Test
    void bodyThatIsNotJsonIsABadRequest() {
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON).body("{not json").post("/admin/v1/verify").then()
                .statusCode(400).body("reason", equalTo("invalid_request"));
    }

    @Test
    void missingTokenFieldIsABadRequest() {
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON).body(Map.of("jwt", "x")).post("/admin/v1/verify").then()
                .statusCode(400).body("detail", containsString("field 'token'"));
    }

    @Test
    void tokenOfTheWrongJsonTypeIsABadRequest() {
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON).body("{\"token\": 42}").post("/admin/v1/verify").then()
                .statusCode(400).body("reason", equalTo("invalid_request"));
    }

    @Test
    void oversizedBodyIsRefused() {
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON).body("{\"token\":\"" + "a".repeat(70_000) + "\"}")
                .post("/admin/v1/verify").then().statusCode(413);
    }

    @Test
    void adminEndpointsAreNotOnThePublicPort() {
        given().contentType(ContentType.JSON).body(Map.of("token", "x")).post("/admin/v1/verify").then().statusCode(404);
    }

    @Test
    void platformEndpointsAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        verify(github(c -> {})).statusCode(200);
        // Metrics sit with the operator endpoints on the management interface.
        given().port(MANAGEMENT_PORT).get("/q/metrics").then().statusCode(200)
                .body(containsString("broker_jwks_fetches_total"));
    }
}
