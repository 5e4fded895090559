package dev.wifbroker.api.oauth;

import dev.wifbroker.testing.TestPorts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile tokens sent over HTTP to both the exchange and the operator check: every one is refused
 * with a 4xx and a reason; none is accepted and none causes a 5xx.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class HostileExchangeSweepTest {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final PublicJsonWebKey ATTACKER = TestKeys.rsa("gh-1");

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String valid() {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 300);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    private static String withHeader(String header) {
        String[] p = valid().split("\\.");
        return b64(header) + "." + p[1] + "." + p[2];
    }

    private static String flip(String token, int part) {
        String[] p = token.split("\\.");
        byte[] b = Base64.getUrlDecoder().decode(p[part]);
        b[b.length / 2] ^= 1;
        p[part] = B64.encodeToString(b);
        return String.join(".", p);
    }

    static Stream<Arguments> hostile() {
        String v = valid();
        String[] p = v.split("\\.");
        String payload = p[1];
        String attackerSigned = Tokens.sign(Tokens.fresh(withIss(), Instant.now(), 300), ATTACKER, "RS256");
        String nested = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        return Stream.of(
                Arguments.of("alg none", b64("{\"alg\":\"none\"}") + "." + payload + "."),
                Arguments.of("alg None", b64("{\"alg\":\"None\",\"kid\":\"gh-1\"}") + "." + payload + "." + p[2]),
                Arguments.of("alg NONE", b64("{\"alg\":\"NONE\"}") + "." + payload + ".x"),
                Arguments.of("alg empty", b64("{\"alg\":\"\"}") + "." + payload + "." + p[2]),
                Arguments.of("alg HS256", withHeader("{\"alg\":\"HS256\",\"kid\":\"gh-1\"}")),
                Arguments.of("attacker jwk header", withJwk(attackerSigned)),
                Arguments.of("jku header", withHeader("{\"alg\":\"RS256\",\"kid\":\"x\",\"jku\":\"http://127.0.0.1:1/jwks\"}")),
                Arguments.of("attacker key under valid kid", attackerSigned),
                Arguments.of("stripped signature", p[0] + "." + p[1] + "."),
                Arguments.of("truncated signature", p[0] + "." + p[1] + "." + p[2].substring(0, 20)),
                Arguments.of("bit-flipped signature", flip(v, 2)),
                Arguments.of("tampered payload", flip(v, 1)),
                Arguments.of("JWE five parts", p[0] + "." + p[1] + "." + p[2] + ".a.b"),
                Arguments.of("two parts", p[0] + "." + p[1]),
                Arguments.of("four parts", v + ".x"),
                Arguments.of("padding", p[0] + "=." + p[1] + "." + p[2]),
                Arguments.of("standard base64 alphabet", p[0] + "." + p[1] + "." + p[2].replace('-', '+').replace('_', '/') + "+/"),
                Arguments.of("whitespace", p[0] + " ." + p[1] + "." + p[2]),
                Arguments.of("oversized", p[0] + "." + "A".repeat(40_000) + "." + p[2]),
                Arguments.of("deep nesting", p[0] + "." + b64(nested) + "." + p[2]),
                Arguments.of("duplicate header key", withHeader("{\"alg\":\"RS256\",\"alg\":\"none\",\"kid\":\"gh-1\"}")),
                Arguments.of("crit extension", withHeader("{\"alg\":\"RS256\",\"kid\":\"gh-1\",\"crit\":[\"exp\"],\"exp\":1}")),
                Arguments.of("header not JSON", b64("not json") + "." + payload + "." + p[2]),
                Arguments.of("payload an array", p[0] + "." + b64("[1,2]") + "." + p[2]),
                Arguments.of("non-ASCII", p[0] + "." + p[1] + "." + p[2] + "é"),
                Arguments.of("control characters", "\u0000\u0001.\u0002.\u0003"));
    }

    private static Map<String, Object> withIss() {
        Map<String, Object> claims = Tokens.fixture("github/deploy-main-production.json");
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        return claims;
    }

    private static String withJwk(String attackerSigned) {
        // The attacker's own public key in the header, signature by the attacker: the header key must be ignored.
        String jwk = ATTACKER.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        String[] p = attackerSigned.split("\\.");
        String header = "{\"alg\":\"RS256\",\"kid\":\"gh-1\",\"jwk\":" + jwk + "}";
        return b64(header) + "." + p[1] + "." + p[2];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusedByTheExchangeWithA4xx(String name, String token) {
        Response r = given().contentType(ContentType.URLENC).formParams(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", token,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt", "audience", "deploy")).post("/v1/token");
        assertThat(r.statusCode()).as(r.asString()).isBetween(400, 499);
        assertThat(r.<String>path("reason")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refusedByTheOperatorCheckWithA4xx(String name, String token) {
        Response r = given().port(TestPorts.management()).contentType(ContentType.JSON).body(Map.of("token", token)).post("/admin/v1/verify");
        assertThat(r.statusCode()).as(r.asString()).isBetween(400, 499);
        assertThat(r.<Boolean>path("valid")).isFalse();
    }
}
