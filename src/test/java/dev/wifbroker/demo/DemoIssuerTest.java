package dev.wifbroker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.RawHttp;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /demo/v1/token}: every claim override is applied (iss, aud, iat, nbf, exp, jti included) or refused with
 * a 400 naming the claim, never dropped; the parameters are {@code kind} and {@code audience} and nothing else.
 */
@QuarkusTest
@TestProfile(DemoIssuerTest.DemoOn.class)
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class DemoIssuerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "http://127.0.0.1:" + TestPorts.management() + "/demo";

    public static class DemoOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("broker.demo.enabled", "true", "broker.demo.base-url", BASE);
        }
    }

    private static RawHttp.Reply mint(String query, String body) {
        return RawHttp.send(TestPorts.management(), "POST", "/demo/v1/token" + query,
                body == null ? List.of() : List.of("Content-Type: application/json"),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    /** The token's claims, after checking its signature against the demo issuer's published JWKS. */
    private static Map<String, Object> claims(RawHttp.Reply reply) throws Exception {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        String token = JSON.readTree(reply.text()).get("token").asText();
        String jwks = RawHttp.send(TestPorts.management(), "GET", "/demo/github/jwks", List.of(), null).text();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        jws.setKey(new JsonWebKeySet(jwks).getJsonWebKeys().get(0).getKey());
        assertThat(jws.verifySignature()).as("signed by the demo key").isTrue();
        return JSON.readValue(jws.getPayload(), new TypeReference<>() {});
    }

    @Test
    void defaults_are_fresh_times_the_kinds_issuer_and_the_default_audience() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = claims(mint("?kind=github", null));
        assertThat(c).containsEntry("iss", BASE + "/github").containsEntry("aud", "https://broker.example.com");
        assertThat(((Number) c.get("iat")).longValue()).isBetween(now - 5, now + 5);
        assertThat(((Number) c.get("exp")).longValue() - ((Number) c.get("iat")).longValue()).isEqualTo(300);
        assertThat(c.get("jti")).isNotEqualTo("2b7c0e1e-5f0a-4c8e-9d1e-6a0c2c7f9b11");
        assertThat(claims(mint("?kind=kubernetes&audience=https://other.example", null))).containsEntry("aud", List.of("https://other.example"));
    }

    @Test
    void every_registered_claim_can_be_set_for_a_denial_demo() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = claims(mint("", "{\"iss\":\"https://untrusted.example\",\"aud\":[\"a\",\"b\"],\"iat\":\"now-10m\","
                + "\"exp\":\"now-5m\",\"jti\":\"replay-me\",\"ref\":\"refs/heads/dev\",\"environment\":null}"));
        assertThat(c).containsEntry("iss", "https://untrusted.example").containsEntry("aud", List.of("a", "b"))
                .containsEntry("jti", "replay-me").containsEntry("ref", "refs/heads/dev").doesNotContainKey("environment");
        assertThat(((Number) c.get("iat")).longValue()).isBetween(now - 605, now - 595);
        assertThat(((Number) c.get("nbf")).longValue()).as("nbf follows iat").isEqualTo(((Number) c.get("iat")).longValue());
        assertThat(((Number) c.get("exp")).longValue()).as("expired").isBetween(now - 305, now - 295);
        assertThat(claims(mint("", "{\"exp\": 1700000000, \"nbf\": null}"))).containsEntry("exp", 1700000000).doesNotContainKey("nbf");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("exp not a time", "", "{\"exp\":\"yesterday\"}", "'exp'"),
                Arguments.of("iat negative", "", "{\"iat\":-5}", "'iat'"),
                Arguments.of("iss not a URL", "", "{\"iss\":\"github\"}", "'iss'"),
                Arguments.of("iss removed", "", "{\"iss\":null}", "'iss'"),
                Arguments.of("aud a number", "", "{\"aud\":5}", "'aud'"),
                Arguments.of("aud contradicting the parameter", "?audience=x", "{\"aud\":\"y\"}", "'aud'"),
                Arguments.of("jti empty", "", "{\"jti\":\"\"}", "'jti'"),
                Arguments.of("body not an object", "", "[1]", "JSON object"),
                Arguments.of("unknown kind", "?kind=bitbucket", null, "kind must be one of"),
                Arguments.of("unknown parameter", "?ttl=60", null, "[ttl]"),
                Arguments.of("repeated parameter", "?kind=github&kind=gitlab", null, "'kind' is repeated"));
    }

    @ParameterizedTest(name = "{0} -> 400")
    @MethodSource("refusals")
    void a_request_the_demo_will_not_honour_is_a_400_naming_what(String name, String query, String body, String named) {
        RawHttp.Reply reply = mint(query, body);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.text()).contains("\"error\"").contains(named);
    }
}
