package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.shared.SharedCredentialTier;
import dev.wifbroker.credential.shared.SharedTierSettings;
import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.AdmissionGuard.Bucket;
import dev.wifbroker.guard.AdmissionGuard.OneTimeId;
import dev.wifbroker.guard.AdmissionGuard.Outcome;
import dev.wifbroker.guard.RateLimiter;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.keys.RedisKeyDirectory;
import dev.wifbroker.credential.aws.AwsTarget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Every Redis operation of the broker, run through two clients standing for two replicas: the admission
 * script (replay and buckets), the shared credential tier (lease, sealed entry, recipients), revocations (hash, version, pub/sub), the key directory and the PING of
 * readiness. Shared by the tests of each deployment shape (ACL user, TLS, Cluster, Sentinel).
 */
final class RedisStateConformance {
    /** Generous: a cluster client's first call also discovers the slots. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private RedisStateConformance() {}

    /** Runs everything; returns the measured milliseconds from a revocation on A to its effect on B (pub/sub only). */
    static long assertBrokerStateWorks(RedisReplicas replicas) throws InterruptedException {
        RedisCalls a = replicas.calls(TIMEOUT);
        RedisCalls b = replicas.calls(TIMEOUT);
        assertThat(a.problem()).as("readiness PING").isNull();
        admission(a, b);
        sharedCredentials(a, b);
        keyDirectory(replicas);
        return revocations(a, b);
    }

    private static void admission(RedisCalls a, RedisCalls b) {
        RedisAdmissionGuard first = new RedisAdmissionGuard(a, Clock.systemUTC(), 60);
        RedisAdmissionGuard second = new RedisAdmissionGuard(b, Clock.systemUTC(), 60);
        OneTimeId id = new OneTimeId("cluster", UUID.randomUUID().toString(), Instant.now().plusSeconds(120));
        RateLimiter.Limit limit = new RateLimiter.Limit(0.01, 2);
        List<Bucket> buckets = List.of(new Bucket("id|" + UUID.randomUUID(), new RateLimiter.Limit(100, 100)),
                new Bucket("role|" + UUID.randomUUID(), limit));
        assertThat(first.admit(new AdmissionGuard.Request(id, buckets)).outcome()).isEqualTo(Outcome.ADMITTED);
        assertThat(second.admit(new AdmissionGuard.Request(id, buckets)).outcome()).as("the same jti at the other replica")
                .isEqualTo(Outcome.REPLAYED);
        assertThat(second.admit(new AdmissionGuard.Request(null, buckets)).outcome()).isEqualTo(Outcome.ADMITTED);
        AdmissionGuard.Verdict third = first.admit(new AdmissionGuard.Request(null, buckets));
        assertThat(third.outcome()).as("burst 2 shared by both replicas").isEqualTo(Outcome.RATE_LIMITED);
        assertThat(third.retryAfter()).isPositive();
    }

    private static void sharedCredentials(RedisCalls a, RedisCalls b) {
        SharedTierSettings settings = new SharedTierSettings(Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofMinutes(1), SharedTierSettings.DEFAULT_MAX_RECIPIENTS);
        SharedCredentialTier first = SharedCredentialTier.redis(a, Clock.systemUTC(), settings, new SimpleMeterRegistry());
        SharedCredentialTier second = SharedCredentialTier.redis(b, Clock.systemUTC(), settings, new SimpleMeterRegistry());
        first.refreshRecipients();
        second.refreshRecipients();
        first.refreshRecipients();
        CredentialCache.Key key = new CredentialCache.Key("deploy", new AwsTarget("arn:aws:iam::123456789012:role/deploy",
                Duration.ofMinutes(15), Optional.empty(), Optional.empty(), List.of(), Map.of()), "cluster",
                "https://issuer.example", "sa-" + UUID.randomUUID(), Map.of(), List.of(), null);
        IssuedCredential.AwsSession session = new IssuedCredential.AwsSession("ASIACONFORMANCE", "secret", "session",
                Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS), "arn:aws:sts::123456789012:assumed-role/deploy/s");
        try {
            assertThat(first.get(key, () -> session)).isEqualTo(session);
            assertThat(second.get(key, () -> {
                throw new AssertionError("the other replica's sealed entry should have served");
            })).as("sealed at A, opened at B").isEqualTo(session);
        } catch (UpstreamException e) {
            throw new AssertionError(e);
        }
    }

    private static void keyDirectory(RedisReplicas replicas) {
        RedisKeyDirectory one = new RedisKeyDirectory(replicas.client(), TIMEOUT);
        RedisKeyDirectory other = new RedisKeyDirectory(replicas.client(), TIMEOUT);
        String kid = "kid-" + UUID.randomUUID();
        one.write(Map.of(kid, "{\"entry\":1}"));
        assertThat(other.readAll()).containsEntry(kid, "{\"entry\":1}");
        other.remove(List.of(kid));
        assertThat(one.readAll()).doesNotContainKey(kid);
    }

    private static long revocations(RedisCalls a, RedisCalls b) throws InterruptedException {
        // A poll far beyond the assertion's bound: only the pub/sub message can bring the change in time.
        RedisRevocations storeA = new RedisRevocations(a, Clock.systemUTC(), Duration.ofMinutes(5));
        RedisRevocations storeB = new RedisRevocations(b, Clock.systemUTC(), Duration.ofMinutes(5));
        try {
            Revocations onA = new Revocations(Clock.systemUTC(), storeA, Duration.ofMinutes(10));
            Revocations onB = new Revocations(Clock.systemUTC(), storeB, Duration.ofMinutes(10));
            storeA.attach(onA);
            storeB.attach(onB);
            assertThat(onB.syncedAt()).as("B loaded the revocations at start").isNotNull();
            String subject = "cluster|sa-" + UUID.randomUUID();
            long start = System.nanoTime();
            onA.add(Revocation.Kind.SUBJECT, subject, "incident", null);
            assertThat(within(() -> onB.match("any", subject, null).isPresent())).as("revocation reached B by pub/sub").isTrue();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(onB.remove(Revocation.Kind.SUBJECT, subject)).isTrue();
            assertThat(within(() -> onA.match("any", subject, null).isEmpty())).as("removal reached A by pub/sub").isTrue();
            return millis;
        } finally {
            storeA.close();
            storeB.close();
        }
    }

    private static boolean within(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
