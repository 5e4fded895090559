package dev.wifbroker.api.oauth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.StsStub;
import dev.wifbroker.testing.RedisServer;
import dev.wifbroker.testing.ClusteredProfile;
import dev.wifbroker.testing.RedisStateResource;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    @Inject
    Redis redis;

    private static String readiness() {
        return given().get("/q/health/ready").then().extract().asString();
    }

    /** The premise of the outage checks: a replica whose keys have joined the cluster (join delay passed). */
    private static void awaitTrafficReady() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (given().get("/q/health/group/traffic").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        given().get("/q/health/group/traffic").then().statusCode(200);
    }

    @Test
    void replayRevocationAndOutageGoThroughRedisAndRecover() throws Exception {
        RedisServer redis = RedisStateResource.server();
        assertThat(readiness()).contains("\"name\": \"redis\"");
        awaitTrafficReady();

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
            // What a load balancer probes stays UP: the replica keeps answering 503 + Retry-After and serving its JWKS.
            given().get("/q/health/group/traffic").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", containsInAnyOrder("trust-policies", "signing-keys"));
            given().get("/.well-known/jwks.json").then().statusCode(200);
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

    @Test
    void anAwsExchangeStoresTheSessionInRedisOnlyAsCiphertextSealedToThisReplica() throws Exception {
        String sub = "repo:octo-org/octo-repo:environment:production:" + UUID.randomUUID();
        int stsBefore = BrokerTestResource.sts().requests().size();
        String accessKeyId = TokenExchangeTest.exchange(TokenExchangeTest.github(c -> c.put("sub", sub)), "aws-deploy",
                Map.of("requested_token_type", "urn:wif-broker:token-type:aws-credentials")).statusCode(200)
                .extract().path("aws_access_key_id");
        assertThat(BrokerTestResource.sts().requests()).hasSize(stsBefore + 1);

        List<String> entries = new ArrayList<>();
        StringBuilder everything = new StringBuilder();
        String cursor = "0";
        do {
            Response page = send(Request.cmd(Command.SCAN).arg(cursor).arg("COUNT").arg(1000));
            cursor = page.get(0).toString();
            for (Response k : page.get(1)) {
                String key = k.toString();
                everything.append(key).append('\n');
                if (key.matches("\\{wif}:cred:[0-9a-f]{64}")) {
                    entries.add(key);
                }
                if (send(Request.cmd(Command.TYPE).arg(key)).toString().equals("hash")) {
                    hash(key).forEach((f, v) -> everything.append(f).append('=').append(v).append('\n'));
                } else if (send(Request.cmd(Command.TYPE).arg(key)).toString().equals("string")) {
                    everything.append(send(Request.cmd(Command.GET).arg(key))).append('\n');
                }
            }
        } while (!cursor.equals("0"));
        assertThat(everything.toString()).doesNotContain(accessKeyId).doesNotContain(StsStub.SECRET_ACCESS_KEY)
                .doesNotContain(StsStub.SESSION_TOKEN);
        assertThat(entries).as("one shared entry per cloud credential minted").isNotEmpty();
        assertThat(everything.toString()).doesNotContain(":lease");
        for (String entry : entries) {
            Map<String, String> sealed = hash(entry);
            assertThat(sealed).as("one replica, one sealed copy").hasSize(1);
            String kid = sealed.keySet().iterator().next();
            String[] jwe = sealed.get(kid).split("\\.", -1);
            assertThat(jwe).hasSize(5);
            String header = new String(Base64.getUrlDecoder().decode(jwe[0]), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(header).contains("\"alg\":\"ECDH-ES\"", "\"enc\":\"A256GCM\"", "\"kid\":\"" + kid + "\"",
                    "\"wif_key\":\"" + entry.substring("{wif}:cred:".length()) + "\"");
            long deadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            while (!hash("{wif}:cred-recipients").containsKey(kid) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(hash("{wif}:cred-recipients")).as("the replica announces the key it reads with").containsKey(kid);
        }
    }

    private Response send(Request request) {
        return redis.send(request).await().atMost(Duration.ofSeconds(2));
    }

    private Map<String, String> hash(String key) {
        Response r = send(Request.cmd(Command.HGETALL).arg(key));
        Map<String, String> out = new HashMap<>();
        if (r != null) {
            for (String field : r.getKeys()) {
                out.put(field, r.get(field).toString());
            }
        }
        return out;
    }
}
