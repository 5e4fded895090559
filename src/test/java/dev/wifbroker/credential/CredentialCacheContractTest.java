package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@link CredentialCache}'s contract that ride on Caffeine's expiry and single flight: the exact
 * refresh boundary on the injected clock, waiters bounded by the max wait, a failure handed to every waiter,
 * and the shared tier asked once per key.
 */
class CredentialCacheContractTest {
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final AwsTarget AWS = new AwsTarget("arn:aws:iam::123456789012:role/deploy", Duration.ofMinutes(15),
            Optional.empty(), Optional.empty(), List.of(), Map.of());
    private static final CredentialCache.Key KEY = new CredentialCache.Key("deploy", AWS, "github",
            "https://token.actions.githubusercontent.com", "repo:a/b:ref:refs/heads/main", Map.of(), List.of(), null);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private IssuedCredential.AwsSession session(String id, Duration ttl) {
        return new IssuedCredential.AwsSession(id, "secret", "token", clock.instant().plus(ttl), "arn");
    }

    private static String id(IssuedCredential credential) {
        return ((IssuedCredential.AwsSession) credential).accessKeyId();
    }

    @Test
    void a_credential_is_renewed_the_moment_its_remaining_lifetime_reaches_the_refresh_margin() throws Exception {
        CredentialCache cache = new CredentialCache(clock, 100, MARGIN, Duration.ofSeconds(10));
        AtomicInteger calls = new AtomicInteger();
        CredentialCache.Minter minter = () -> session("AKIA" + calls.incrementAndGet(), Duration.ofMinutes(15));
        cache.get(KEY, minter);
        clock.advance(Duration.ofMinutes(10).minusNanos(1));
        assertThat(id(cache.get(KEY, minter))).as("one nanosecond above the margin").isEqualTo("AKIA1");
        clock.advance(Duration.ofNanos(1));
        assertThat(id(cache.get(KEY, minter))).as("exactly the margin left").isEqualTo("AKIA2");
        assertThat(cache.count(k -> true)).isEqualTo(1);
    }

    @Test
    void a_credential_minted_inside_the_refresh_margin_answers_its_callers_but_is_not_kept() throws Exception {
        CredentialCache cache = new CredentialCache(clock, 100, MARGIN, Duration.ofSeconds(10));
        AtomicInteger calls = new AtomicInteger();
        CredentialCache.Minter minter = () -> session("AKIA" + calls.incrementAndGet(), Duration.ofMinutes(4));
        assertThat(id(cache.get(KEY, minter))).isEqualTo("AKIA1");
        assertThat(id(cache.get(KEY, minter))).isEqualTo("AKIA2");
        assertThat(cache.count(k -> true)).isZero();
    }

    @Test
    void a_waiter_waits_at_most_the_max_wait_then_is_told_the_upstream_is_unavailable() throws Exception {
        CredentialCache cache = new CredentialCache(clock, 100, MARGIN, Duration.ofMillis(200));
        CountDownLatch minting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<IssuedCredential> leader = pool.submit(() -> cache.get(KEY, () -> {
            minting.countDown();
            hold(release);
            return session("AKIA1", Duration.ofHours(1));
        }));
        assertThat(minting.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(() -> cache.get(KEY, () -> session("never", Duration.ofHours(1))))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(3));
        release.countDown();
        assertThat(id(leader.get(5, TimeUnit.SECONDS))).isEqualTo("AKIA1");
        assertThat(id(cache.get(KEY, () -> session("never", Duration.ofHours(1))))).isEqualTo("AKIA1");
    }

    @Test
    void a_waiter_receives_the_leaders_upstream_refusal_itself() throws Exception {
        CredentialCache cache = new CredentialCache(clock, 100, MARGIN, Duration.ofSeconds(10));
        CountDownLatch minting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UpstreamException refusal = UpstreamException.denied("aws", "AccessDenied");
        Future<IssuedCredential> leader = pool.submit(() -> cache.get(KEY, () -> {
            minting.countDown();
            hold(release);
            throw refusal;
        }));
        assertThat(minting.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger waiterCalls = new AtomicInteger();
        Waiter waiter = waiter(() -> cache.get(KEY, () -> {
            waiterCalls.incrementAndGet();
            return session("mine", Duration.ofHours(1));
        }));
        waiter.awaitParked();
        release.countDown();
        assertThatThrownBy(() -> leader.get(5, TimeUnit.SECONDS)).hasCause(refusal);
        assertThatThrownBy(() -> waiter.result().get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCause(refusal);
        assertThat(waiterCalls.get()).isZero();
        assertThat(cache.count(k -> true)).as("the failure is not cached").isZero();
    }

    @Test
    void on_a_local_miss_one_thread_per_key_asks_the_shared_tier() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        SharedTier tier = (key, minter) -> {
            asked.incrementAndGet();
            hold(release);
            return minter.mint();
        };
        CredentialCache cache = new CredentialCache(clock, 100, MARGIN, Duration.ofSeconds(10), tier);
        List<Waiter> burst = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            burst.add(waiter(() -> cache.get(KEY, () -> session("AKIA1", Duration.ofHours(1)))));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (burst.stream().filter(Waiter::parked).count() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(burst.stream().filter(Waiter::parked).count())
                .as("every thread but the one in the tier waits on its flight").isEqualTo(3);
        release.countDown();
        for (Waiter w : burst) {
            assertThat(id(w.result().get(5, TimeUnit.SECONDS))).isEqualTo("AKIA1");
        }
        assertThat(asked.get()).isEqualTo(1);
    }

    /** A caller on its own thread, so a test can see it parked on a flight (the cache's bounded wait) before going on. */
    private record Waiter(Thread thread, FutureTask<IssuedCredential> result) {
        boolean parked() {
            return thread.getState() == Thread.State.TIMED_WAITING;
        }

        void awaitParked() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!parked() && !result.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(parked()).as("the caller waits on the flight").isTrue();
        }
    }

    private static void hold(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Waiter waiter(Callable<IssuedCredential> call) {
        FutureTask<IssuedCredential> task = new FutureTask<>(call);
        Thread thread = new Thread(task, "cache-waiter");
        thread.setDaemon(true);
        thread.start();
        return new Waiter(thread, task);
    }
}
