package dev.wifbroker.guard.redis;

import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.MemoryAdmissionGuard;
import dev.wifbroker.guard.MemoryRateLimiter;
import dev.wifbroker.guard.MemoryReplayGuard;
import dev.wifbroker.guard.RateLimiter;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.testing.RedisServer;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (no *Test name): {@code ./mvnw test -Dtest=GuardThroughputBench}. Exchanges/s of
 * the exchange's CPU core (verify an ES256 token, revocation lookup, guard step, sign an ES256 token) with
 * the memory guards and with the Redis guards (one EVALSHA) on a local redis-server; docs/benchmarks.md.
 */
class GuardThroughputBench {
    private static final int THREADS = 4;
    private static final Duration RUN = Duration.ofSeconds(5);
    private final PublicJsonWebKey issuerKey = TestKeys.ec("bench-issuer");
    private final PublicJsonWebKey brokerKey = TestKeys.ec("bench-broker");
    private final JwtConsumer verifier = new JwtConsumerBuilder().setVerificationKey(issuerKey.getPublicKey())
            .setExpectedAudience("https://broker.example.com").setRequireJwtId().build();

    @Test
    void exchangesPerSecondRedisAgainstMemory() throws Exception {
        Clock clock = Clock.systemUTC();
        Revocations revocations = new Revocations(clock);
        double memory = run(new MemoryAdmissionGuard(new MemoryReplayGuard(clock, 10_000_000, 300),
                new MemoryRateLimiter(clock, 100_000)), revocations);
        try (RedisServer server = RedisServer.start(); RedisReplicas replicas = new RedisReplicas(server)) {
            run(new RedisAdmissionGuard(replicas.calls(), clock, 300), revocations);
            double redis = run(new RedisAdmissionGuard(replicas.calls(), clock, 300), revocations);
            memory = Math.max(memory, run(new MemoryAdmissionGuard(new MemoryReplayGuard(clock, 10_000_000, 300),
                    new MemoryRateLimiter(clock, 100_000)), revocations));
            System.out.printf("BENCH threads=%d memory=%.0f/s redis=%.0f/s ratio=%.1f%%%n", THREADS, memory, redis,
                    100 * redis / memory);
        }
    }

    private double run(AdmissionGuard guard, Revocations revocations) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long end = System.nanoTime() + RUN.toNanos();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            pool.execute(() -> {
                while (System.nanoTime() < end) {
                    try {
                        exchange(guard, revocations);
                        done.incrementAndGet();
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(RUN.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
        System.out.printf("BENCH %s: %d exchanges, %d refused (store timeout)%n", guard.getClass().getSimpleName(), done.get(),
                failed.get());
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private void exchange(AdmissionGuard guard, Revocations revocations) {
        try {
            Map<String, Object> c = new HashMap<>(Map.of("iss", "https://cluster", "sub", "system:serviceaccount:payments:api",
                    "aud", "https://broker.example.com", "jti", UUID.randomUUID().toString()));
            c.putAll(Map.of("iat", Instant.now().getEpochSecond(), "exp", Instant.now().plusSeconds(300).getEpochSecond()));
            JwtClaims claims = verifier.processToClaims(Tokens.sign(c, issuerKey, "ES256"));
            revocations.match("cluster-api", "cluster|" + claims.getSubject(), claims.getJwtId());
            AdmissionGuard.Verdict v = guard.admit(new AdmissionGuard.Request(
                    new AdmissionGuard.OneTimeId("cluster", claims.getJwtId(), Instant.now().plusSeconds(300)),
                    List.of(new AdmissionGuard.Bucket("id|" + UUID.randomUUID(), new RateLimiter.Limit(1e6, 1_000_000)),
                            new AdmissionGuard.Bucket("role|cluster-api", new RateLimiter.Limit(1e9, 1_000_000_000)))));
            if (v.outcome() != AdmissionGuard.Outcome.ADMITTED) {
                throw new IllegalStateException("bench exchange refused: " + v);
            }
            Tokens.sign(Map.of("iss", "https://broker", "sub", claims.getSubject(), "jti", UUID.randomUUID().toString()),
                    brokerKey, "ES256");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
