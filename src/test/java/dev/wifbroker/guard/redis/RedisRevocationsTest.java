package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Revocations shared through a real redis-server by separate clients standing for replicas. */
class RedisRevocationsTest {
    private static final Duration POLL = Duration.ofMillis(250);
    private RedisServer server;
    private RedisReplicas replicas;
    private final List<RedisRevocations> stores = new ArrayList<>();

    @BeforeEach
    void start() {
        server = RedisServer.start();
        replicas = new RedisReplicas(server);
    }

    @AfterEach
    void stop() {
        stores.forEach(RedisRevocations::close);
        replicas.close();
        server.close();
    }

    private Revocations replica(Duration maxStaleness) {
        RedisRevocations store = new RedisRevocations(replicas.calls(), Clock.systemUTC(), POLL);
        stores.add(store);
        Revocations snapshot = new Revocations(Clock.systemUTC(), store, maxStaleness);
        store.attach(snapshot);
        return snapshot;
    }

    private static long millisUntil(java.util.function.BooleanSupplier condition, long startNanos) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - startNanos > 5_000_000_000L) {
                return Long.MAX_VALUE;
            }
            Thread.sleep(2);
        }
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void aRevocationOnOneReplicaIsEffectiveOnTheOthersWithinOneSecond() throws Exception {
        Revocations a = replica(Duration.ofSeconds(5));
        Revocations b = replica(Duration.ofSeconds(5));
        Revocations c = replica(Duration.ofSeconds(5));
        millisUntil(() -> b.syncedAt() != null && c.syncedAt() != null, System.nanoTime());
        long worst = 0;
        for (int i = 0; i < 10; i++) {
            String subject = "cluster|sa-" + UUID.randomUUID();
            long start = System.nanoTime();
            a.add(Revocation.Kind.SUBJECT, subject, "incident", null);
            long onB = millisUntil(() -> matches(b, subject), start);
            long onC = millisUntil(() -> matches(c, subject), start);
            worst = Math.max(worst, Math.max(onB, onC));
            assertThat(Math.max(onB, onC)).as("ms until revocation %d is in force on B and C", i).isLessThan(1000);
            start = System.nanoTime();
            assertThat(b.remove(Revocation.Kind.SUBJECT, subject)).isTrue();
            assertThat(millisUntil(() -> !matches(a, subject), start)).as("ms until the removal reaches A").isLessThan(1000);
        }
        System.out.printf("revocation propagation: worst %d ms over 10 revocations to 2 replicas%n", worst);
    }

    @Test
    void withoutPubSubThePollAloneStaysWithinOneSecond() throws Exception {
        Revocations b = replica(Duration.ofSeconds(5));
        millisUntil(() -> b.syncedAt() != null, System.nanoTime());
        String role = "role-" + UUID.randomUUID();
        long start = System.nanoTime();
        // Written behind the broker's back: no PUBLISH, so only the version poll can notice it.
        replicas.calls().send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.HSET)
                .arg(RedisRevocations.HASH).arg("role:" + role).arg("{\"kind\":\"role\",\"value\":\"" + role
                        + "\",\"reason\":\"x\",\"createdAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":null}"));
        replicas.calls().send(io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.INCR)
                .arg(RedisRevocations.VERSION));
        assertThat(millisUntil(() -> b.match(role, "s", null).isPresent(), start)).isLessThan(1000);
    }

    @Test
    void revocationsSurviveABrokerRestartAndExpire() throws Exception {
        Revocations first = replica(Duration.ofSeconds(5));
        millisUntil(() -> first.syncedAt() != null, System.nanoTime());
        first.add(Revocation.Kind.ROLE, "deploy", "frozen", null);
        first.add(Revocation.Kind.JTI, "j-1", "leaked", Instant.now().plusMillis(600));
        stores.get(0).close();
        Revocations restarted = replica(Duration.ofSeconds(5));
        assertThat(millisUntil(() -> restarted.list().size() == 2, System.nanoTime())).isLessThan(1000);
        assertThat(restarted.match("deploy", "s", null)).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("frozen"));
        Thread.sleep(700);
        assertThat(restarted.match("other", "s", "j-1")).as("expired").isEmpty();
    }

    @Test
    void aRevocationChangeIsRefusedWhileRedisIsDown() throws Exception {
        Revocations a = replica(Duration.ofSeconds(5));
        millisUntil(() -> a.syncedAt() != null, System.nanoTime());
        server.stop();
        assertThatThrownBy(() -> a.add(Revocation.Kind.ROLE, "deploy", "x", null)).isInstanceOf(StoreUnavailableException.class);
        assertThat(a.list()).as("not recorded locally either").isEmpty();
    }

    @Test
    void aStaleSnapshotFailsClosedAndRecoversWhenRedisReturns() throws Exception {
        Revocations a = replica(Duration.ofSeconds(1));
        millisUntil(() -> a.syncedAt() != null, System.nanoTime());
        assertThat(a.match("deploy", "s", null)).isEmpty();
        server.stop();
        Thread.sleep(1300);
        assertThatThrownBy(() -> a.match("deploy", "s", null)).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("not synchronized");
        server.restart();
        Revocations writer = replica(Duration.ofSeconds(5));
        millisUntil(() -> writer.syncedAt() != null, System.nanoTime());
        writer.add(Revocation.Kind.ROLE, "deploy", "after the outage", null);
        long start = System.nanoTime();
        assertThat(millisUntil(() -> {
            try {
                return a.match("deploy", "s", null).isPresent();
            } catch (StoreUnavailableException stillStale) {
                return false;
            }
        }, start)).as("ms until A is fresh again and sees the new revocation").isLessThan(2000);
    }

    private static boolean matches(Revocations r, String subject) {
        return r.match("any", subject, null).isPresent();
    }
}
