package dev.wifbroker.api.oauth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.RedisServer;
import dev.wifbroker.testing.ClusteredProfile;
import dev.wifbroker.testing.RedisStateResource;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wired exchange in clustered mode against a real redis-server: one-time ids and revocations go
 * through Redis, a Redis outage fails closed with 503 upstream_unavailable + Retry-After, and the
 * broker recovers by itself when Redis returns.
 */
@QuarkusTest
@TestProfile(ClusteredProfile.class)
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class ClusteredExchangeTest {

    private static String readiness() {
        return given().get("/q/health/ready").then().extract().asString();
    }

    @Test
    void replayRevocationAndOutageGoThroughRedisAndRecover() throws Exception {
        RedisServer redis = RedisStateResource.server();
        assertThat(readiness()).contains("\"name\": \"redis\"");

        String token = TokenExchangeTest.cluster(c -> {});
        TokenExchangeTest.exchange(token, "cluster-api", Map.of()).statusCode(200);
        TokenExchangeTest.exchange(token, "cluster-api", Map.of()).statusCode(400).body("reason", equalTo("replay_detected"));

        given().port(TestPorts.management()).contentType(ContentType.JSON)
                .body("{\"kind\": \"role\", \"value\": \"cluster-api\", \"reason\": \"drill\"}")
                .post("/admin/v1/revocations").then().statusCode(201);
        TokenExchangeTest.exchange(TokenExchangeTest.cluster(c -> {}), "cluster-api", Map.of()).statusCode(403)
                .body("reason", equalTo("revoked"));
        given().port(TestPorts.management()).contentType(ContentType.JSON)
                .body("{\"kind\": \"role\", \"value\": \"cluster-api\"}").delete("/admin/v1/revocations").then().statusCode(200);
        TokenExchangeTest.exchange(TokenExchangeTest.cluster(c -> {}), "cluster-api", Map.of()).statusCode(200);

        redis.stop();
        try {
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                TokenExchangeTest.exchange(i % 2 == 0 ? token : TokenExchangeTest.cluster(c -> {}), "cluster-api", Map.of())
                        .statusCode(503).header("Retry-After", "2").body("reason", equalTo("upstream_unavailable"));
                assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse").isLessThan(2000);
            }
            given().port(TestPorts.management()).contentType(ContentType.JSON)
                    .body("{\"kind\": \"role\", \"value\": \"deploy\"}").post("/admin/v1/revocations").then().statusCode(503)
                    .body("reason", equalTo("upstream_unavailable"));
            assertThat(readiness()).contains("\"name\": \"redis\"").contains("DOWN");
        } finally {
            redis.restart();
        }

        long start = System.nanoTime();
        int status = 0;
        while (System.nanoTime() - start < 10_000_000_000L) {
            status = TokenExchangeTest.exchange(TokenExchangeTest.cluster(c -> {}), "cluster-api", Map.of()).extract().statusCode();
            if (status == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status).as("exchanges recover once Redis is back (its data was lost with the crash)").isEqualTo(200);
        System.out.printf("clustered exchange recovered %d ms after redis restarted%n", (System.nanoTime() - start) / 1_000_000);
        // Redis came back empty: the signing keys are republished and count as joined after the join delay (1 s here).
        long readyBy = System.nanoTime() + 10_000_000_000L;
        while (readiness().contains("DOWN") && System.nanoTime() < readyBy) {
            Thread.sleep(100);
        }
        assertThat(readiness()).doesNotContain("DOWN");
    }
}
