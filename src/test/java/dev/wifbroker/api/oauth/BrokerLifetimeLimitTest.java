package dev.wifbroker.api.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.testing.Await;
import dev.wifbroker.testing.AuditCapture;
import dev.wifbroker.testing.BrokerTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker whose key ring signs tokens of at most 16 minutes, and no EdDSA. The policy loader knows the
 * configured limit, so a role asking for longer internal tokens is refused at load (never a 500 per exchange);
 * and should the key ring still refuse to sign at exchange time, the caller gets an audited 503.
 */
@QuarkusTest
@TestProfile(BrokerLifetimeLimitTest.ShortTokens.class)
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class BrokerLifetimeLimitTest {

    public static class ShortTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("broker.keys.max-token-lifetime", "16m", "broker.keys.algorithms", "ES256,RS256");
        }
    }

    @Inject
    PolicyRuntime runtime;

    static boolean refusalSeen;
    static String refusal;

    @BeforeEach
    void anEditAboveTheLimitIsRefusedThenReverted() throws Exception {
        Await.until(() -> runtime.current().isPresent());
        if (!refusalSeen) {
            Path role = BrokerTestResource.policyDir().resolve("roles/deploy.yaml");
            String good = runtime.current().orElseThrow().version();
            Files.writeString(role, BrokerTestResource.DEPLOY_ROLE.replace("duration: 10m", "duration: 30m"));
            Await.until(() -> runtime.lastError() != null);
            refusal = runtime.lastError();
            assertThat(runtime.current().orElseThrow().version()).as("the last good set stays").isEqualTo(good);
            Files.writeString(role, BrokerTestResource.DEPLOY_ROLE);
            Await.until(() -> runtime.lastError() == null);
            refusalSeen = true;
        }
    }

    @Test
    void a_role_longer_than_the_configured_key_ring_limit_is_refused_at_reload_and_the_last_good_set_serves() {
        assertThat(refusal).contains("roles/deploy.yaml").contains("[ttl-above-maximum]")
                .contains("credentials.internal.duration 30m is above broker.keys.max-token-lifetime 16m");
        TokenExchangeTest.exchange(TokenExchangeTest.github(c -> {}), "deploy", Map.of()).statusCode(200)
                .body("expires_in", lessThanOrEqualTo(600));
    }

    @Test
    void a_credential_the_key_ring_cannot_sign_is_an_audited_503_not_a_500() {
        AuditCapture.install();
        String token = TokenExchangeTest.token("gitlab/protected-main.json", "gitlab", BrokerTestResource.GITLAB_KEY, "RS256", c -> {});
        String decision = TokenExchangeTest.exchange(token, "gitlab-main", Map.of()).statusCode(503)
                .header("Retry-After", "30").body("reason", equalTo("upstream_unavailable")).extract().path("decision_id");
        assertThat(AuditCapture.events()).anySatisfy(e -> assertThat(e).contains("\"decisionId\":\"" + decision + "\"")
                .contains("\"outcome\":\"deny\"").contains("\"reason\":\"upstream_unavailable\"").contains("\"stage\":\"mint\"")
                .contains("credential could not be signed"));
    }
}
