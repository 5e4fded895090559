package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.AdmissionGuard.Bucket;
import dev.wifbroker.guard.AdmissionGuard.OneTimeId;
import dev.wifbroker.guard.AdmissionGuard.Outcome;
import dev.wifbroker.guard.RateLimiter;
import dev.wifbroker.guard.ReplayGuard;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.testing.RedisServer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis admission guard against a real redis-server, with three clients standing for three replicas. */
class RedisAdmissionGuardTest {
    private static RedisServer server;
    private static RedisReplicas replicas;
    private static List<RedisAdmissionGuard> guards;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        replicas = new RedisReplicas(server);
        guards = List.of(guard(), guard(), guard());
        // Connections and the script cache warm up once, outside the 300 ms bound the tests measure.
        for (RedisAdmissionGuard g : guards) {
            warm(g);
        }
    }

    private static void warm(RedisAdmissionGuard g) {
        for (int attempt = 0; ; attempt++) {
            try {
                g.use("warm-up", UUID.randomUUID().toString(), Instant.now().plusSeconds(60));
                return;
            } catch (StoreUnavailableException e) {
                if (attempt == 20) {
                    throw e;
                }
            }
        }
    }

    @AfterAll
    static void stop() {
        replicas.close();
        server.close();
    }

    private static RedisAdmissionGuard guard() {
        return new RedisAdmissionGuard(replicas.calls(), Clock.systemUTC(), 60);
    }

    @Test
    void aOneTimeIdIsFirstOnceAcrossReplicasAndPerIssuer() {
        Instant exp = Instant.now().plusSeconds(300);
        String jti = UUID.randomUUID().toString();
        assertThat(guards.get(0).use("cluster", jti, exp)).isEqualTo(ReplayGuard.Use.FIRST);
        assertThat(guards.get(1).use("cluster", jti, exp)).as("replayed at another replica").isEqualTo(ReplayGuard.Use.REPLAY);
        assertThat(guards.get(2).use("cluster", jti, exp)).isEqualTo(ReplayGuard.Use.REPLAY);
        assertThat(guards.get(1).use("other", jti, exp)).as("ids are per issuer").isEqualTo(ReplayGuard.Use.FIRST);
    }

    @Test
    void concurrentUsesOfOneIdAtThreeReplicasAdmitExactlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            for (int round = 0; round < 50; round++) {
                String jti = UUID.randomUUID().toString();
                Instant exp = Instant.now().plusSeconds(300);
                List<Callable<Outcome>> racers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    RedisAdmissionGuard g = guards.get(i % 3);
                    racers.add(() -> g.admit(new AdmissionGuard.Request(new OneTimeId("cluster", jti, exp), List.of())).outcome());
                }
                int first = 0;
                for (Future<Outcome> f : pool.invokeAll(racers)) {
                    first += f.get() == Outcome.ADMITTED ? 1 : 0;
                }
                assertThat(first).as("round %d: admitted uses of one jti", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void replayKeysHoldDigestsWithTheTokensRemainingLifetimePlusSkew() {
        String jti = "raw-jti-" + UUID.randomUUID();
        guards.get(0).use("cluster", jti, Instant.now().plusSeconds(120));
        String key = RedisAdmissionGuard.REPLAY_PREFIX + RedisCalls.sha256("cluster|" + jti);
        long pttl = replicas.calls().send(Request.cmd(Command.PTTL).arg(key)).toLong();
        assertThat(pttl).as("120 s left + 60 s skew").isBetween(175_000L, 180_000L);
        Response keys = replicas.calls().send(Request.cmd(Command.KEYS).arg("*"));
        for (Response k : keys) {
            assertThat(k.toString()).doesNotContain(jti).startsWith("{wif}:");
        }
    }

    @Test
    void aRateLimitIsSharedByAllReplicasNotMultipliedByThem() throws Exception {
        RateLimiter.Limit limit = new RateLimiter.Limit(0.01, 10);
        String key = "id|cluster|" + UUID.randomUUID();
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                RedisAdmissionGuard g = guards.get(i % 3);
                calls.add(() -> {
                    if (g.acquire(key, limit).isEmpty()) {
                        admitted.incrementAndGet();
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(admitted.get()).as("30 attempts over 3 replicas, burst 10").isEqualTo(10);
        assertThat(guards.get(1).acquire(key, limit)).as("the wait until the next token").hasValueSatisfying(
                wait -> assertThat(wait.toSeconds()).isBetween(90L, 100L));
    }

    @Test
    void theSecondBucketRefusesWhenTheFirstAdmits() {
        String role = "role|" + UUID.randomUUID();
        RateLimiter.Limit roomy = new RateLimiter.Limit(100, 100);
        RateLimiter.Limit tight = new RateLimiter.Limit(1, 1);
        AdmissionGuard.Request request = new AdmissionGuard.Request(null, List.of(new Bucket("id|a", roomy), new Bucket(role, tight)));
        assertThat(guards.get(0).admit(request).outcome()).isEqualTo(Outcome.ADMITTED);
        AdmissionGuard.Verdict second = guards.get(1).admit(request);
        assertThat(second.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(second.retryAfter().toMillis()).isBetween(1L, 1000L);
    }

    @Test
    void aRedisOutageFailsClosedWithinTheTimeoutAndRecoversWithoutWrongAccepts() {
        String used = UUID.randomUUID().toString();
        Instant exp = Instant.now().plusSeconds(300);
        assertThat(guards.get(0).use("cluster", used, exp)).isEqualTo(ReplayGuard.Use.FIRST);
        server.stop();
        try {
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                RedisAdmissionGuard g = guards.get(i % 3);
                String jti = i % 2 == 0 ? used : UUID.randomUUID().toString();
                assertThatThrownBy(() -> g.use("cluster", jti, exp)).as("attempt %d during the outage", i)
                        .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("redis unavailable");
                assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse").isLessThan(1000);
            }
        } finally {
            server.restart();
        }
        String fresh = UUID.randomUUID().toString();
        assertThat(guards.get(2).use("cluster", fresh, exp)).as("recovered, script reloaded after NOSCRIPT")
                .isEqualTo(ReplayGuard.Use.FIRST);
        assertThat(guards.get(0).use("cluster", fresh, exp)).isEqualTo(ReplayGuard.Use.REPLAY);
    }

    @Test
    void aStalledRedisIsBoundedByTheTimeout() {
        server.pause();
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> guards.get(0).use("cluster", UUID.randomUUID().toString(), Instant.now().plusSeconds(60)))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("no answer within 300 ms");
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to refuse").isBetween(250L, 800L);
        } finally {
            server.resume();
        }
        assertThat(guards.get(0).use("cluster", UUID.randomUUID().toString(), Instant.now().plusSeconds(60)))
                .isEqualTo(ReplayGuard.Use.FIRST);
    }
}
