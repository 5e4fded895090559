package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.AdmissionGuard.Bucket;
import dev.wifbroker.guard.AdmissionGuard.OneTimeId;
import dev.wifbroker.guard.AdmissionGuard.Outcome;
import dev.wifbroker.guard.AdmissionGuard.Request;
import dev.wifbroker.guard.MemoryAdmissionGuard;
import dev.wifbroker.guard.MemoryRateLimiter;
import dev.wifbroker.guard.MemoryReplayGuard;
import dev.wifbroker.guard.RateLimiter.Limit;
import dev.wifbroker.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A refused exchange takes nothing, in both state modes: a rate-limited one-time token keeps its id for the
 * retry its {@code Retry-After} invites, and a bucket that passed gives its token back when another refuses.
 */
class AdmissionRefusalTest {
    private static final Limit TIGHT = new Limit(0.001, 1);
    private static RedisServer server;
    private static RedisReplicas replicas;

    @BeforeAll
    static void start() {
        server = RedisServer.start();
        replicas = new RedisReplicas(server);
    }

    @AfterAll
    static void stop() {
        replicas.close();
        server.close();
    }

    static Stream<Arguments> guards() {
        Supplier<AdmissionGuard> memory = () -> new MemoryAdmissionGuard(
                new MemoryReplayGuard(Clock.systemUTC(), 1000, 60), new MemoryRateLimiter(Clock.systemUTC(), 1000));
        Supplier<AdmissionGuard> redis = () -> new RedisAdmissionGuard(replicas.calls(Duration.ofSeconds(2)), Clock.systemUTC(), 60);
        return Stream.of(Arguments.of("memory", memory), Arguments.of("redis", redis));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guards")
    void aRateLimitedOneTimeTokenIsAdmittedWhenRetriedAfterItsRetryAfter(String mode, Supplier<AdmissionGuard> guards)
            throws InterruptedException {
        AdmissionGuard guard = guards.get();
        List<Bucket> role = List.of(new Bucket("role|" + UUID.randomUUID(), new Limit(4, 1)));
        assertThat(guard.admit(new Request(oneTime(), role)).outcome()).isEqualTo(Outcome.ADMITTED);
        OneTimeId retried = oneTime();
        AdmissionGuard.Verdict limited = guard.admit(new Request(retried, role));
        assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);

        Thread.sleep(limited.retryAfter().toMillis() + 50);
        assertThat(guard.admit(new Request(retried, role)).outcome()).as("the same token, after Retry-After")
                .isEqualTo(Outcome.ADMITTED);
        assertThat(guard.admit(new Request(retried, List.of())).outcome()).as("and only once").isEqualTo(Outcome.REPLAYED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guards")
    void anExchangeTheRoleBucketRefusesTakesNothingFromTheIdentityBucket(String mode, Supplier<AdmissionGuard> guards) {
        AdmissionGuard guard = guards.get();
        Bucket identity = new Bucket("id|" + UUID.randomUUID(), new Limit(0.001, 2));
        Bucket role = new Bucket("role|" + UUID.randomUUID(), TIGHT);
        assertThat(guard.admit(new Request(null, List.of(identity, role))).outcome()).isEqualTo(Outcome.ADMITTED);
        for (int i = 0; i < 5; i++) {
            assertThat(guard.admit(new Request(null, List.of(identity, role))).outcome()).isEqualTo(Outcome.RATE_LIMITED);
        }
        assertThat(guard.admit(new Request(null, List.of(identity))).outcome()).as("the identity's second token is still there")
                .isEqualTo(Outcome.ADMITTED);
        assertThat(guard.admit(new Request(null, List.of(identity))).outcome()).isEqualTo(Outcome.RATE_LIMITED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guards")
    void aReplayedTokenTakesNoTokenFromTheBuckets(String mode, Supplier<AdmissionGuard> guards) {
        AdmissionGuard guard = guards.get();
        Bucket role = new Bucket("role|" + UUID.randomUUID(), new Limit(0.001, 2));
        OneTimeId id = oneTime();
        assertThat(guard.admit(new Request(id, List.of(role))).outcome()).isEqualTo(Outcome.ADMITTED);
        for (int i = 0; i < 3; i++) {
            assertThat(guard.admit(new Request(id, List.of(role))).outcome()).isEqualTo(Outcome.REPLAYED);
        }
        assertThat(guard.admit(new Request(oneTime(), List.of(role))).outcome()).isEqualTo(Outcome.ADMITTED);
    }

    private static OneTimeId oneTime() {
        return new OneTimeId("cluster", UUID.randomUUID().toString(), Instant.now().plusSeconds(120));
    }
}
