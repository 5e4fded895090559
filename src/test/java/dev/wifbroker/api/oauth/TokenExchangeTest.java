package dev.wifbroker.api.oauth;

import dev.wifbroker.testing.TestPorts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The RFC 8693 contract of POST /v1/token: success shape, every reason this endpoint can produce. */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class TokenExchangeTest {
    static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT = "urn:ietf:params:oauth:token-type:jwt";

    static {
        dev.wifbroker.testing.AuditCapture.install();
    }

    static String github(Consumer<Map<String, Object>> edit) {
        return token("github/deploy-main-production.json", "github", BrokerTestResource.GITHUB_KEY, "RS256", edit);
    }

    static String cluster(Consumer<Map<String, Object>> edit) {
        return token("kubernetes/payments-api.json", "cluster", BrokerTestResource.CLUSTER_KEY, "ES256", c -> {
            c.put("jti", UUID.randomUUID().toString());
            edit.accept(c);
        });
    }

    static String token(String fixture, String issuer, PublicJsonWebKey key, String alg, Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture(fixture), Instant.now(), 300);
        claims.put("iss", BrokerTestResource.issuerUrl(issuer));
        edit.accept(claims);
        return Tokens.sign(claims, key, alg);
    }

    static ValidatableResponse exchange(String token, String role, Map<String, String> extra) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", GRANT);
        form.put("subject_token", token);
        form.put("subject_token_type", JWT);
        form.put("audience", role);
        form.putAll(extra);
        return given().contentType(ContentType.URLENC).formParams(form).post("/v1/token").then();
    }

    static JwtClaims verifyWithBrokerJwks(String token, String audience) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        String issuer = given().get("/.well-known/openid-configuration").then().extract().path("issuer");
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireJwtId()
                .setExpectedType(true, "at+jwt")
                .build();
        return consumer.processToClaims(token);
    }

    @Test
    void githubDeployGetsAnInternalTokenThatVerifiesAgainstTheBrokersJwks() throws Exception {
        Response r = exchange(github(c -> {}), "deploy", Map.of()).statusCode(200)
                .header("Cache-Control", "no-store")
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", lessThanOrEqualTo(600))
                .body("scope", equalTo("deploy.read deploy.write"))
                .extract().response();
        JwtClaims claims = verifyWithBrokerJwks(r.path("access_token"), "payments-api");
        assertThat(claims.getSubject()).isEqualTo("github:repo:octo-org/octo-repo:environment:production");
        assertThat(claims.getClaimValue("client_id")).isEqualTo("deploy");
        assertThat(claims.getClaimValue("scope")).isEqualTo("deploy.read deploy.write");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(600);
        assertThat(claims.getClaimValue("repo")).isEqualTo("octo-org/octo-repo");
        assertThat(((Number) claims.getClaimValue("refund_limit_usd_cents")).longValue()).isEqualTo(4999);
        assertThat(claims.getClaimValueAsString("act")).contains(BrokerTestResource.issuerUrl("github"));
    }

    @Test
    void scopeAndLifetimeMayOnlyNarrow() throws Exception {
        Response r = exchange(github(c -> {}), "deploy", Map.of("scope", "deploy.read", "requested_lifetime", "60"))
                .statusCode(200).body("scope", equalTo("deploy.read")).body("expires_in", lessThanOrEqualTo(60))
                .extract().response();
        JwtClaims claims = verifyWithBrokerJwks(r.path("access_token"), "payments-api");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(60);
        exchange(github(c -> {}), "deploy", Map.of("requested_lifetime", "3600")).statusCode(200)
                .body("expires_in", lessThanOrEqualTo(600));
    }

    @Test
    void kubernetesTokenGetsAnRs256TokenAndCannotBeReplayed() throws Exception {
        String token = cluster(c -> {});
        Response r = exchange(token, "cluster-api", Map.of()).statusCode(200).extract().response();
        JwtClaims claims = verifyWithBrokerJwks(r.path("access_token"), "orders-api");
        assertThat(claims.getSubject()).isEqualTo("cluster:system:serviceaccount:payments:api");
        exchange(token, "cluster-api", Map.of()).statusCode(400).body("reason", equalTo("replay_detected"))
                .body("decision_id", notNullValue());
    }

    @Test
    void gitlabTokenGetsAnEdDsaToken() throws Exception {
        String token = token("gitlab/protected-main.json", "gitlab", BrokerTestResource.GITLAB_KEY, "RS256", c -> {});
        Response r = exchange(token, "gitlab-main", Map.of()).statusCode(200).extract().response();
        assertThat(verifyWithBrokerJwks(r.path("access_token"), "release-api").getClaimValue("scope")).isEqualTo("release");
    }

    static Stream<Arguments> refusals() {
        long now = Instant.now().getEpochSecond();
        String valid = github(c -> {});
        return Stream.of(
                Arguments.of("malformed token", "not.a-jwt", "deploy", 400, "token_malformed"),
                Arguments.of("issuer nobody trusts", github(c -> c.put("iss", "https://evil.example.com")), "deploy", 400,
                        "issuer_not_trusted"),
                Arguments.of("HS256 with the issuer's public key", hs256(valid), "deploy", 400, "algorithm_not_allowed"),
                Arguments.of("unknown kid", Tokens.sign(withIss(Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"),
                        Instant.now(), 300)), BrokerTestResource.GITHUB_KEY, "not-published", "RS256"), "deploy", 400, "key_not_found"),
                Arguments.of("signature by another key", Tokens.sign(withIss(Tokens.fresh(
                        Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 300)), BrokerTestResource.GITLAB_KEY,
                        "gh-1", "RS256"), "deploy", 400, "signature_invalid"),
                Arguments.of("issuer keys unreachable", token("oidc/generic.json", "flaky", BrokerTestResource.GITHUB_KEY, "RS256",
                        c -> {}), "deploy", 503, "jwks_unavailable"),
                Arguments.of("expired", github(c -> {
                    c.put("iat", now - 900);
                    c.put("exp", now - 600);
                }), "deploy", 400, "token_expired"),
                Arguments.of("not yet valid", github(c -> c.put("nbf", now + 600)), "deploy", 400, "token_not_yet_valid"),
                Arguments.of("too old", github(c -> {
                    c.put("iat", now - 3000);
                    c.put("exp", now + 300);
                }), "deploy", 400, "token_too_old"),
                Arguments.of("audience of GitHub's default", github(c -> c.put("aud", "https://github.com/octo-org")), "deploy", 400,
                        "audience_mismatch"),
                Arguments.of("unknown role", valid, "no-such-role", 400, "unknown_role"),
                Arguments.of("another branch", github(c -> c.put("ref", "refs/heads/dev")), "deploy", 403, "no_matching_rule"),
                Arguments.of("privileged trigger", github(c -> c.put("event_name", "pull_request_target")), "deploy", 403,
                        "denied_by_rule"));
    }

    private static Map<String, Object> withIss(Map<String, Object> claims) {
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        return claims;
    }

    private static String hs256(String valid) {
        try {
            org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
            jws.setPayload(new String(java.util.Base64.getUrlDecoder().decode(valid.split("\\.")[1])));
            jws.setAlgorithmHeaderValue("HS256");
            jws.setKeyIdHeaderValue("gh-1");
            jws.setKey(new org.jose4j.keys.HmacKey(BrokerTestResource.GITHUB_KEY.getPublicKey().getEncoded()));
            jws.setDoKeyValidation(false);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {4}")
    @MethodSource("refusals")
    void everyRefusalNamesItsReasonAndDecision(String name, String token, String role, int status, String reason) {
        ValidatableResponse r = exchange(token, role, Map.of()).statusCode(status)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .body("reason", equalTo(reason))
                .body("error", notNullValue())
                .body("error_description", notNullValue())
                .body("decision_id", matchesPattern("[0-9a-f-]{36}"));
        if (status == 503) {
            r.header("Retry-After", notNullValue());
        }
    }

    @Test
    void denialNamesTheFirstFailingClaimButNotTheExpectedValue() {
        exchange(github(c -> c.put("ref", "refs/heads/dev")), "deploy", Map.of()).statusCode(403)
                .body("error", equalTo("access_denied"))
                .body("error_description", containsString("'ref'"))
                .body("error_description", org.hamcrest.Matchers.not(containsString("refs/heads/main")));
    }

    @Test
    void scopeBeyondTheRoleIsRefused() {
        exchange(github(c -> {}), "deploy", Map.of("scope", "deploy.read admin")).statusCode(400)
                .body("reason", equalTo("scope_not_allowed")).body("error", equalTo("invalid_scope"));
    }

    @Test
    void revocationByRoleTakesEffectImmediatelyAndCanBeLifted() {
        String body = "{\"kind\":\"role\",\"value\":\"gitlab-main\",\"reason\":\"test\"}";
        given().port(TestPorts.management()).contentType(ContentType.JSON).body(body).post("/admin/v1/revocations").then().statusCode(201);
        String token = token("gitlab/protected-main.json", "gitlab", BrokerTestResource.GITLAB_KEY, "RS256", c -> {});
        exchange(token, "gitlab-main", Map.of()).statusCode(403).body("reason", equalTo("revoked"));
        given().port(TestPorts.management()).get("/admin/v1/revocations").then().statusCode(200).body("revocations[0].value", equalTo("gitlab-main"))
                .body("revocations[0].kind", equalTo("role"));
        given().port(TestPorts.management()).contentType(ContentType.JSON).body(body).delete("/admin/v1/revocations").then().statusCode(200);
        exchange(token, "gitlab-main", Map.of()).statusCode(200);
    }

    @Test
    void revocationBySubjectAndByJti() {
        String subject = "github|repo:octo-org/octo-repo:environment:staging";
        given().port(TestPorts.management()).contentType(ContentType.JSON).body(Map.of("kind", "subject", "value", subject))
                .post("/admin/v1/revocations").then().statusCode(201);
        exchange(github(c -> {
            c.put("sub", "repo:octo-org/octo-repo:environment:staging");
        }), "deploy", Map.of()).statusCode(403).body("reason", equalTo("revoked"));
        given().port(TestPorts.management()).contentType(ContentType.JSON).body(Map.of("kind", "jti", "value", "stolen-jti"))
                .post("/admin/v1/revocations").then().statusCode(201);
        exchange(github(c -> c.put("jti", "stolen-jti")), "deploy", Map.of()).statusCode(403).body("reason", equalTo("revoked"));
    }

    @Test
    void aBurstFromOneIdentityIsRateLimitedWithRetryAfter() {
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            Response r = exchange(github(c -> c.put("sub", "repo:octo-org/octo-repo:environment:burst")), "deploy", Map.of())
                    .extract().response();
            if (r.statusCode() == 429) {
                assertThat(r.<String>path("reason")).isEqualTo("rate_limited");
                assertThat(r.header("Retry-After")).isNotBlank();
                limited++;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).isGreaterThan(0);
    }

    @Test
    void roleWithSeveralTargetsNeedsASelection() {
        exchange(cluster(c -> {}), "two-targets", Map.of()).statusCode(400).body("reason", equalTo("invalid_request"))
                .body("error_description", containsString("several credential targets"))
                .body("error_description", containsString("select one with the target parameter"));
    }

    @Test
    void targetParameterSelectsOneOfSeveral() {
        exchange(cluster(c -> {}), "two-targets", Map.of("target", "internal")).statusCode(200)
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"));
        exchange(cluster(c -> {}), "two-targets", Map.of("target", "gcp")).statusCode(400)
                .body("error_description", containsString("has no 'gcp' credential target"));
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("missing grant_type", Map.of("subject_token", "x"), "invalid_request", "grant_type is required"),
                Arguments.of("other grant_type", Map.of("grant_type", "client_credentials"), "unsupported_grant_type", "grant_type must be"),
                Arguments.of("missing subject_token", Map.of("grant_type", GRANT, "subject_token_type", JWT, "audience", "deploy"),
                        "invalid_request", "subject_token is required"),
                Arguments.of("wrong token type", Map.of("grant_type", GRANT, "subject_token", "x", "subject_token_type",
                        "urn:ietf:params:oauth:token-type:saml2", "audience", "deploy"), "invalid_request", "subject_token_type must be"),
                Arguments.of("missing audience", Map.of("grant_type", GRANT, "subject_token", "x", "subject_token_type", JWT),
                        "invalid_request", "audience is required"),
                Arguments.of("actor token", Map.of("grant_type", GRANT, "subject_token", "x", "subject_token_type", JWT,
                        "audience", "deploy", "actor_token", "y"), "invalid_request", "actor_token is not supported"),
                Arguments.of("bad lifetime", Map.of("grant_type", GRANT, "subject_token", "x", "subject_token_type", JWT,
                        "audience", "deploy", "requested_lifetime", "soon"), "invalid_request", "requested_lifetime"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void malformedRequestsAreBadRequestsNeverServerErrors(String name, Map<String, String> form, String error, String text) {
        given().contentType(ContentType.URLENC).formParams(form).post("/v1/token").then().statusCode(400)
                .body("error", equalTo(error)).body("error_description", containsString(text));
    }

    @Test
    void unsupportedTokenTypeHasItsReason() {
        given().contentType(ContentType.URLENC).formParams(Map.of("grant_type", GRANT, "subject_token", "x",
                "subject_token_type", "urn:ietf:params:oauth:token-type:saml2", "audience", "deploy")).post("/v1/token").then()
                .statusCode(400).body("reason", equalTo("unsupported_token_type"));
    }

    @Test
    void repeatedParameterIsRefused() {
        given().contentType(ContentType.URLENC).formParam("grant_type", GRANT).formParam("audience", "a", "b")
                .post("/v1/token").then().statusCode(400).body("error_description", containsString("repeated"));
    }

    @Test
    void jsonBodyGets415WithAnOAuthError() {
        given().contentType(ContentType.JSON).body("{}").post("/v1/token").then().statusCode(415)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void getIsNotAllowed() {
        given().get("/v1/token").then().statusCode(405).body("error", equalTo("invalid_request"));
    }

    @Test
    void everyDecisionIsAudited() {
        // The audit event is structurally checked in AuditLogTest; here: one exchange, one event with its decision id.
        String decision = exchange(github(c -> c.put("ref", "refs/heads/x")), "deploy", Map.of()).extract().path("decision_id");
        assertThat(decision).isNotBlank();
        assertThat(dev.wifbroker.testing.AuditCapture.events()).anySatisfy(e -> {
            assertThat(e).contains("\"decisionId\":\"" + decision + "\"");
            assertThat(e).contains("\"outcome\":\"deny\"").contains("\"reason\":\"no_matching_rule\"").contains("\"stage\":\"decide\"");
            assertThat(e).contains("\"tokenFingerprint\":\"sha256:");
        });
        List<String> all = dev.wifbroker.testing.AuditCapture.events();
        assertThat(all).noneMatch(e -> e.contains("eyJ"));
    }
}
