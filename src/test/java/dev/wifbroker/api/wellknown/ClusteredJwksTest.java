package dev.wifbroker.api.wellknown;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.credential.internal.MintRequest;
import dev.wifbroker.keys.ClusterJwks;
import dev.wifbroker.keys.ClusterKeySettings;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.keys.PublishedJwks;
import dev.wifbroker.keys.RedisKeyDirectory;
import dev.wifbroker.keys.SigningAlgorithm;
import dev.wifbroker.testing.ClusteredProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The broker in {@code broker.state=redis} against a real redis-server, with a second replica (a key ring
 * and cluster JWKS of its own, with its own Redis client) publishing into the same Redis: the JWKS the broker
 * serves over HTTP carries the other replica's key, and each side verifies the other's tokens.
 */
@QuarkusTest
@TestProfile(ClusteredProfile.class)
class ClusteredJwksTest {

    @Inject
    PublishedJwks served;

    @Inject
    InternalTokenMinter minter;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.redis.hosts")
    String redisHosts;

    @Test
    void the_served_jwks_holds_another_replicas_key_and_tokens_verify_both_ways() throws Exception {
        assertThat(served).isInstanceOf(ClusterJwks.class);
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisHosts));
            ClusterKeySettings settings = new ClusterKeySettings(100, Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1));
            given().get("/.well-known/jwks.json").then().statusCode(200); // warm the HTTP client, so only the refresh is timed
            KeyRing otherRing = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), clock);
            long published = System.nanoTime();
            ClusterJwks other = new ClusterJwks(otherRing, new RedisKeyDirectory(redis, settings.timeout()), settings, clock, "other");
            String otherKid = otherRing.snapshot().active(SigningAlgorithm.ES256).orElseThrow().kid();

            String body = awaitJwksContaining(otherKid, Duration.ofSeconds(10));
            long visibleMillis = (System.nanoTime() - published) / 1_000_000;
            // Quarkus' scheduler fires at most once a second, whatever the interval: one refresh plus one tick.
            System.out.printf("another replica's key on the served JWKS after %d ms (refresh interval 200 ms)%n", visibleMillis);
            assertThat(visibleMillis).isLessThan(5_000);

            String otherToken = new JwtSigner(otherRing, clock).sign(Map.of(), Map.of("sub", "w",
                    "exp", clock.instant().plusSeconds(300).getEpochSecond()), SigningAlgorithm.ES256).compact();
            assertThat(JwksVerifier.verify(otherToken, body, clock.instant()).getSubject()).isEqualTo("w");

            String brokerToken = minter.mint(new MintRequest("system:serviceaccount:ci:builder", "payments-api", List.of(),
                    Duration.ofMinutes(5), Map.of(), "https://issuer.example", "builder", "deploy", SigningAlgorithm.ES256)).token();
            other.refresh();
            assertThat(JwksVerifier.verify(brokerToken, other.document().text(), clock.instant()).getSubject())
                    .isEqualTo("system:serviceaccount:ci:builder");

            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'signing-keys' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'signing-keys' }.data", org.hamcrest.Matchers.nullValue());
            given().port(dev.wifbroker.testing.TestPorts.management()).get("/admin/v1/health").then().statusCode(200)
                    .body("checks.find { it.name == 'signing-keys' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'signing-keys' }.data.state", equalTo("redis"))
                    .body("checks.find { it.name == 'signing-keys' }.data.storeReachable", equalTo(true))
                    .body("checks.find { it.name == 'signing-keys' }.data.foreignKeys", equalTo(3));
        } finally {
            vertx.closeAndAwait();
        }
    }

    private String awaitJwksContaining(String kid, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
            if (body.contains(kid)) {
                return body;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("kid " + kid + " not served within " + timeout + ": " + body);
    }
}
