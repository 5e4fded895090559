package dev.wifbroker.policy;

import dev.wifbroker.credential.internal.InternalTarget;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyReloadTest {
    static final String ROLE = """
            role: refunds
            trust:
              - issuer: kubernetes-prod
                claims: {namespace: payments, service_account: refund-service}
            credentials:
              internal: {audience: payments-api, scopes: [refunds:create], duration: 15m}
            """;

    @TempDir
    Path tmp;
    PolicyDir dir;
    List<PolicyChange> changes = new CopyOnWriteArrayList<>();
    PolicyStore store;
    PolicyDirectoryWatcher watcher;

    @BeforeEach
    void setUp() {
        dir = PolicyDir.withSampleIssuers(tmp).role("refunds", ROLE);
        store = new PolicyStore(Clock.fixed(Instant.parse("2026-11-28T03:00:00Z"), ZoneOffset.UTC), changes::add);
        watcher = PolicyDirectoryWatcher.into(store, dir.path(), Duration.ofHours(1));
    }

    @Test
    void first_load_activates_and_reports_no_previous_version() {
        assertThat(store.status().ready()).isFalse();
        watcher.reloadNow();
        assertThat(store.status().ready()).isTrue();
        assertThat(changes).singleElement().isInstanceOfSatisfying(PolicyChange.Activated.class, a -> {
            assertThat(a.previousVersion()).isNull();
            assertThat(a.version()).isEqualTo(store.get().version());
            assertThat(a.roles()).isEqualTo(1);
        });
    }

    @Test
    void a_broken_edit_keeps_the_last_good_set_and_says_why() {
        watcher.reloadNow();
        String good = store.get().version();
        dir.role("refunds", ROLE.replace("duration: 15m", "duration: 15m, colour: blue"));
        assertThat(watcher.poll()).as("first poll sees the change and waits for it to settle").isFalse();
        assertThat(watcher.poll()).isTrue();
        assertThat(store.get().version()).isEqualTo(good);
        assertThat(store.status().lastErrors()).singleElement().hasToString(
                "roles/refunds.yaml:6:79: error: unknown field 'credentials.internal.colour' (known fields: audience, scopes,"
                        + " duration, claims, algorithm)");
        assertThat(changes.get(1)).isInstanceOfSatisfying(PolicyChange.Rejected.class,
                r -> assertThat(r.activeVersion()).isEqualTo(good));
        assertThat(store.status().ready()).isTrue();
    }

    @Test
    void an_edit_that_fails_an_error_lint_is_rejected_too() {
        watcher.reloadNow();
        dir.role("refunds", ROLE.replace("duration: 15m", "duration: 3h"));
        watcher.poll();
        watcher.poll();
        assertThat(store.status().lastErrors()).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("[ttl-above-maximum]"));
        assertThat(store.status().rejections()).isEqualTo(1);
    }

    @Test
    void a_fixed_edit_swaps_in_the_new_version_and_reports_old_and_new() {
        watcher.reloadNow();
        String v1 = store.get().version();
        dir.role("refunds", ROLE.replace("15m", "10m"));
        watcher.poll();
        watcher.poll();
        String v2 = store.get().version();
        assertThat(v2).isNotEqualTo(v1);
        assertThat(changes.get(1)).isInstanceOfSatisfying(PolicyChange.Activated.class, a -> {
            assertThat(a.previousVersion()).isEqualTo(v1);
            assertThat(a.version()).isEqualTo(v2);
        });
        assertThat(store.get().role("refunds").orElseThrow().credentials().of(InternalTarget.class).orElseThrow().duration())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void nothing_changed_means_no_reload() {
        watcher.reloadNow();
        assertThat(watcher.poll()).isFalse();
        assertThat(watcher.poll()).isFalse();
        assertThat(changes).hasSize(1);
    }

    @Test
    void the_background_thread_picks_up_edits() throws InterruptedException {
        try (PolicyDirectoryWatcher live = PolicyDirectoryWatcher.into(store, dir.path(), Duration.ofMillis(20))) {
            live.start();
            String v1 = store.get().version();
            dir.role("refunds", ROLE.replace("15m", "12m"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (store.get().version().equals(v1) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(store.get().version()).isNotEqualTo(v1);
        }
    }

    static Stream<Arguments> crashes() {
        return Stream.of(
                Arguments.of("OutOfMemoryError (a regex or expression bomb)", new OutOfMemoryError("Java heap space")),
                Arguments.of("StackOverflowError (deep nesting)", new StackOverflowError()),
                Arguments.of("a bug (RuntimeException)", new IllegalStateException("bug")),
                Arguments.of("an Error thrown by a library", new LinkageError("broken jar")));
    }

    /** A loader that throws {@code failure} on its next call only, then loads for real. */
    private static PolicyDirectoryWatcher.Loader failingOnce(Throwable failure, AtomicInteger calls) {
        AtomicBoolean thrown = new AtomicBoolean();
        return d -> {
            calls.incrementAndGet();
            if (thrown.compareAndSet(false, true)) {
                if (failure instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) failure;
            }
            return PolicyLoader.load(d);
        };
    }

    @ParameterizedTest(name = "{0}: reported, last good set kept, later edits still load")
    @MethodSource("crashes")
    void a_load_that_throws_anything_is_reported_and_the_watcher_keeps_reloading(String name, Throwable failure) {
        watcher.reloadNow();
        String good = store.get().version();
        AtomicInteger calls = new AtomicInteger();
        List<Throwable> crashes = new CopyOnWriteArrayList<>();
        PolicyDirectoryWatcher w = new PolicyDirectoryWatcher(dir.path(), Duration.ofHours(1), failingOnce(failure, calls),
                store::activate, store::reject, crashes::add, Clock.systemUTC());
        dir.role("refunds", ROLE.replace("15m", "11m"));
        w.poll();
        assertThat(w.poll()).isTrue();

        assertThat(crashes).containsExactly(failure);
        assertThat(store.get().version()).isEqualTo(good);
        assertThat(store.status().ready()).isTrue();
        assertThat(store.status().lastErrors()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("policy load failed: " + failure).contains("last good policy set stays active"));

        dir.role("refunds", ROLE.replace("15m", "12m"));
        w.poll();
        assertThat(w.poll()).as("the next edit loads").isTrue();
        assertThat(store.get().version()).isNotEqualTo(good);
        assertThat(store.status().lastErrors()).isEmpty();
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void a_crashed_load_is_retried_without_an_edit_after_a_doubling_delay() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
        AtomicInteger calls = new AtomicInteger();
        PolicyDirectoryWatcher w = new PolicyDirectoryWatcher(dir.path(), Duration.ofSeconds(2),
                failingOnce(new OutOfMemoryError("Java heap space"), calls), store::activate, store::reject, t -> {}, clock);
        w.reloadNow();
        assertThat(store.status().ready()).isFalse();
        assertThat(w.poll()).as("retry not due yet").isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(w.poll()).isTrue();
        assertThat(store.status().ready()).isTrue();
        assertThat(calls.get()).isEqualTo(2);
        assertThat(w.poll()).as("a successful load ends the retries").isFalse();
    }

    @Test
    void retry_delays_double_up_to_five_minutes() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T03:00:00Z"));
        AtomicInteger calls = new AtomicInteger();
        PolicyDirectoryWatcher w = new PolicyDirectoryWatcher(dir.path(), Duration.ofSeconds(2), d -> {
            calls.incrementAndGet();
            throw new StackOverflowError();
        }, store::activate, store::reject, t -> {}, clock);
        w.reloadNow();
        List<Long> delays = new ArrayList<>();
        long waited = 0;
        while (delays.size() < 10) {
            clock.advance(Duration.ofSeconds(1));
            waited++;
            if (w.poll()) {
                delays.add(waited);
                waited = 0;
            }
        }
        assertThat(delays).containsExactly(2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
        assertThat(calls.get()).isEqualTo(11);
    }

    @Test
    void the_background_thread_survives_an_error_and_picks_up_the_next_edit() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean armed = new AtomicBoolean(false);
        PolicyDirectoryWatcher.Loader loader = d -> {
            calls.incrementAndGet();
            if (armed.getAndSet(false)) {
                throw new OutOfMemoryError("Java heap space");
            }
            return PolicyLoader.load(d);
        };
        try (PolicyDirectoryWatcher live = new PolicyDirectoryWatcher(dir.path(), Duration.ofMillis(20), loader,
                store::activate, store::reject, t -> {}, Clock.systemUTC())) {
            live.start();
            String v1 = store.get().version();
            armed.set(true);
            dir.role("refunds", ROLE.replace("15m", "13m"));
            awaitTrue(() -> !store.status().lastErrors().isEmpty());
            assertThat(store.get().version()).isEqualTo(v1);
            dir.role("refunds", ROLE.replace("15m", "14m"));
            awaitTrue(() -> !store.get().version().equals(v1));
            Instant polled = live.lastPollAt();
            awaitTrue(() -> live.lastPollAt().isAfter(polled));
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
