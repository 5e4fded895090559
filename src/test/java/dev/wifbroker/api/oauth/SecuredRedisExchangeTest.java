package dev.wifbroker.api.oauth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.LogCapture;
import dev.wifbroker.testing.RedisServer;
import dev.wifbroker.testing.SecuredRedisProfile;
import dev.wifbroker.testing.SecuredRedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The clustered broker on a secured Redis (TLS only, trusted through the Quarkus TLS registry; ACL user from
 * files, {@code default} off): exchanges work and
 * readiness is up; once the password is rotated on the server without the broker's file, readiness shows
 * {@code redis} DOWN and exchanges fail closed with 503 upstream_unavailable, and no log line carries the password.
 */
@QuarkusTest
@TestProfile(SecuredRedisProfile.class)
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class SecuredRedisExchangeTest {

    private static JsonPath readiness() {
        // The check's detail (its error) is behind the operator API; the main port's readiness has the status only.
        return given().port(dev.wifbroker.testing.TestPorts.management()).get("/admin/v1/health").then().extract().jsonPath();
    }

    private static String redisCheck(JsonPath ready, String field) {
        return ready.getString("checks.find { it.name == 'redis' }." + field);
    }

    private static JsonPath awaitReadiness(Predicate<JsonPath> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        JsonPath ready = readiness();
        while (!condition.test(ready) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ready = readiness();
        }
        return ready;
    }

    private static int awaitExchangeStatus(int wanted) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        int status;
        do {
            status = TokenExchangeTest.exchange(TokenExchangeTest.cluster(c -> {}), "cluster-api", Map.of()).extract().statusCode();
            if (status != wanted) {
                Thread.sleep(100);
            }
        } while (status != wanted && System.nanoTime() < deadline);
        return status;
    }

    @Test
    void anAclUserFromFilesServesAndAWrongPasswordFailsClosedWithoutLeakingIt() throws Exception {
        RedisServer redis = SecuredRedisResource.server();
        assertThat(redis.uri()).as("no plaintext port").startsWith("rediss://");
        JsonPath up = awaitReadiness(r -> "UP".equals(r.getString("status")));
        assertThat(up.getString("status")).as(up.prettify()).isEqualTo("UP");
        assertThat(redisCheck(readiness(), "status")).isEqualTo("UP");
        String token = TokenExchangeTest.cluster(c -> {});
        TokenExchangeTest.exchange(token, "cluster-api", Map.of()).statusCode(200);
        TokenExchangeTest.exchange(token, "cluster-api", Map.of()).statusCode(400).body("reason", equalTo("replay_detected"));

        int mark = LogCapture.mark();
        // The password changes on the server but not in the broker's file (a rotation done in the wrong order).
        redis.cli("ACL", "SETUSER", "broker", "resetpass", ">rotated-elsewhere");
        redis.cli("CLIENT", "KILL", "USER", "broker");
        try {
            // The killed connections are reported first ("closed channel"); the reconnects then meet the wrong password.
            JsonPath down = awaitReadiness(r -> "DOWN".equals(redisCheck(r, "status"))
                    && String.valueOf(redisCheck(r, "data.error")).contains("WRONGPASS"));
            assertThat(redisCheck(down, "status")).isEqualTo("DOWN");
            assertThat(redisCheck(down, "data.error")).contains("WRONGPASS");
            assertThat(awaitExchangeStatus(503)).isEqualTo(503);
            TokenExchangeTest.exchange(TokenExchangeTest.cluster(c -> {}), "cluster-api", Map.of()).statusCode(503)
                    .header("Retry-After", "2").body("reason", equalTo("upstream_unavailable"));
            assertThat(LogCapture.textSince(mark)).doesNotContain(SecuredRedisResource.PASSWORD)
                    .doesNotContain(java.net.URLEncoder.encode(SecuredRedisResource.PASSWORD, java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            redis.cli("ACL", "SETUSER", "broker", "resetpass", ">" + SecuredRedisResource.PASSWORD);
        }
        assertThat(awaitExchangeStatus(200)).as("the file's password is valid again: the pool reconnects").isEqualTo(200);
        assertThat(redisCheck(awaitReadiness(r -> "UP".equals(redisCheck(r, "status"))), "status")).isEqualTo("UP");
    }
}
