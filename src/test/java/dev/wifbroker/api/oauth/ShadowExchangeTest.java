package dev.wifbroker.api.oauth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.testing.Await;
import dev.wifbroker.testing.AuditCapture;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live broker with a shadow file on role {@code deploy}: the candidate admits only {@code workflow_dispatch} runs,
 * from main or a release branch. Whatever the candidate says, the exchange answers as the enforced rules decide;
 * the audit event carries the candidate's verdict and the metric counts the (dis)agreement. A broken shadow refuses
 * the reload like any broken rule, and the last good set, shadow included, keeps serving.
 */
@QuarkusTest
@TestProfile(ShadowExchangeTest.Shadowed.class)
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class ShadowExchangeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHADOW = """
            shadowOf: deploy
            description: candidate - only manual runs, main or release
            trust:
              - issuer: github
                claims:
                  repository_id: "892551"
                  repository_owner_id: "65"
                  ref: {oneOf: [refs/heads/main, refs/heads/release]}
                  environment: production
                  event_name: workflow_dispatch
                %s
            """;

    /** Its own broker (and policy directory), so the shadow file never reaches other tests' brokers. */
    public static class Shadowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("broker.policy-rescan-interval", "59s");
        }
    }

    @Inject
    PolicyRuntime runtime;

    static String brokenShadowRefusal;
    static boolean brokenShadowKeptTheOldSet;

    @BeforeEach
    void shadowInForce() throws Exception {
        AuditCapture.install();
        Path file = BrokerTestResource.policyDir().resolve("roles/deploy.shadow.yaml");
        if (Files.exists(file)) {
            return;
        }
        Await.until(() -> runtime.current().isPresent());
        Files.writeString(file, SHADOW.formatted(""));
        Await.until(() -> runtime.current().flatMap(s -> s.role("deploy")).flatMap(r -> r.shadow()).isPresent());
        // A shadow whose CEL does not compile is refused like any rule: the set with the good shadow stays.
        String good = runtime.current().orElseThrow().version();
        Files.writeString(file, SHADOW.formatted("when: 'claims.ref =='"));
        Await.until(() -> runtime.lastError() != null);
        brokenShadowRefusal = runtime.lastError();
        brokenShadowKeptTheOldSet = runtime.current().orElseThrow().version().equals(good)
                && runtime.current().flatMap(s -> s.role("deploy")).flatMap(r -> r.shadow()).isPresent();
        Files.writeString(file, SHADOW.formatted(""));
        Await.until(() -> runtime.lastError() == null);
        assertThat(runtime.current().orElseThrow().version()).isEqualTo(good);
    }

    @Test
    @SuppressWarnings("unchecked")
    void enforced_allows_and_shadow_denies_the_response_is_unchanged_and_the_audit_and_metric_record_the_disagreement() throws Exception {
        double before = shadowCount("disagree", "allow", "deny");
        String token = TokenExchangeTest.github(c -> {});
        Map<String, Object> body = TokenExchangeTest.exchange(token, "deploy", Map.of()).statusCode(200)
                .header("Cache-Control", "no-store").body("access_token", notNullValue())
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
                .body("token_type", equalTo("Bearer")).body("expires_in", lessThanOrEqualTo(600))
                .body("scope", equalTo("deploy.read deploy.write")).extract().as(Map.class);
        assertThat(body).as("the RFC 8693 response says nothing of the shadow")
                .containsOnlyKeys("access_token", "issued_token_type", "token_type", "expires_in", "scope");
        String credential = (String) body.get("access_token");
        assertThat(TokenExchangeTest.verifyWithBrokerJwks(credential, "payments-api").getSubject())
                .isEqualTo("github:repo:octo-org/octo-repo:environment:production");
        JsonNode event = event("credentialFingerprint", Fingerprint.of(credential));
        assertThat(event.path("outcome").asText()).isEqualTo("allow");
        assertThat(event.path("rule").asInt()).isZero();
        JsonNode shadow = event.path("shadow");
        assertThat(shadow.path("outcome").asText()).isEqualTo("deny");
        assertThat(shadow.path("agreement").asText()).isEqualTo("disagree");
        assertThat(shadow.path("reason").asText()).isEqualTo("no_matching_rule");
        assertThat(shadow.path("rule").asText()).isEqualTo("shadow.trust[0]");
        assertThat(shadow.path("claim").asText()).isEqualTo("event_name");
        assertThat(shadowCount("disagree", "allow", "deny")).isEqualTo(before + 1);
    }

    @Test
    void enforced_denies_and_shadow_allows_the_denial_is_unchanged_and_the_audit_and_metric_record_the_disagreement() throws Exception {
        double before = shadowCount("disagree", "deny", "allow");
        String token = TokenExchangeTest.github(c -> {
            c.put("ref", "refs/heads/release");
            c.put("event_name", "workflow_dispatch");
        });
        String decision = TokenExchangeTest.exchange(token, "deploy", Map.of()).statusCode(403)
                .body("error", equalTo("access_denied")).body("reason", equalTo("no_matching_rule"))
                .extract().path("decision_id");
        JsonNode event = event("decisionId", decision);
        assertThat(event.path("outcome").asText()).isEqualTo("deny");
        assertThat(event.path("reason").asText()).isEqualTo("no_matching_rule");
        assertThat(event.path("detail").asText()).isEqualTo("no_matching_rule (first failing claim: ref)");
        JsonNode shadow = event.path("shadow");
        assertThat(shadow.path("outcome").asText()).isEqualTo("allow");
        assertThat(shadow.path("agreement").asText()).isEqualTo("disagree");
        assertThat(shadow.path("rule").asText()).isEqualTo("shadow.trust[0]");
        assertThat(shadow.has("reason")).isFalse();
        assertThat(shadowCount("disagree", "deny", "allow")).isEqualTo(before + 1);
    }

    @Test
    void both_deny_is_counted_as_agreement_and_a_role_without_shadow_has_no_shadow_field() throws Exception {
        double before = shadowCount("agree", "deny", "deny");
        String decision = TokenExchangeTest.exchange(TokenExchangeTest.github(c -> c.put("ref", "refs/heads/dev")), "deploy", Map.of())
                .statusCode(403).extract().path("decision_id");
        JsonNode shadow = event("decisionId", decision).path("shadow");
        assertThat(shadow.path("outcome").asText()).isEqualTo("deny");
        assertThat(shadow.path("agreement").asText()).isEqualTo("agree");
        assertThat(shadowCount("agree", "deny", "deny")).isEqualTo(before + 1);

        String other = TokenExchangeTest.exchange(TokenExchangeTest.github(c -> c.put("ref", "refs/heads/dev")), "aws-deploy", Map.of())
                .statusCode(403).extract().path("decision_id");
        assertThat(event("decisionId", other).has("shadow")).as("aws-deploy has no shadow rules").isFalse();
    }

    @Test
    void a_shadow_with_invalid_cel_is_refused_at_reload_and_the_last_good_set_with_its_shadow_serves() {
        assertThat(brokenShadowRefusal).contains("roles/deploy.shadow.yaml").contains("invalid CEL");
        assertThat(brokenShadowKeptTheOldSet).isTrue();
    }

    private static JsonNode event(String field, String value) throws Exception {
        for (String line : AuditCapture.events()) {
            JsonNode e = JSON.readTree(line);
            if (value.equals(e.path(field).asText())) {
                return e;
            }
        }
        throw new AssertionError("no audit event with " + field + " " + value);
    }

    /** {@code broker_shadow_decisions_total} of role deploy with these labels; 0 before its first count. */
    private static double shadowCount(String agreement, String enforced, String shadow) {
        String metrics = given().port(TestPorts.management()).get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("broker_shadow_decisions_total{") && line.contains("role=\"deploy\"")
                    && line.contains("agreement=\"" + agreement + "\"") && line.contains("enforced=\"" + enforced + "\"")
                    && line.contains("shadow=\"" + shadow + "\"")) {
                Matcher m = Pattern.compile("} (\\S+)$").matcher(line);
                assertThat(m.find()).isTrue();
                return Double.parseDouble(m.group(1));
            }
        }
        return 0;
    }
}
