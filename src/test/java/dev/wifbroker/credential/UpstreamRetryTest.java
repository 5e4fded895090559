package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.reason.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpstreamRetryTest {
    final List<Duration> waits = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    UpstreamRetry retry(int attempts, long initialMs, long maxMs, long totalMs) {
        return new UpstreamRetry("gcp", new UpstreamRetry.Policy(attempts, Duration.ofMillis(initialMs), Duration.ofMillis(maxMs),
                Duration.ofMillis(totalMs)), waits::add);
    }

    @Test
    void a_refusal_is_never_retried() {
        assertThatThrownBy(() -> retry(5, 10, 100, 10_000).call(left -> {
            calls.incrementAndGet();
            throw UpstreamException.denied("gcp", "invalid_grant");
        })).isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_DENIED));
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void transient_failures_are_retried_up_to_max_attempts_with_jittered_doubling_waits() {
        assertThatThrownBy(() -> retry(5, 100, 300, 60_000).call(left -> {
            calls.incrementAndGet();
            throw new UpstreamRetry.Transient("http 503", null);
        })).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
            assertThat(e.upstreamCode()).isEqualTo("http 503");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        });
        assertThat(calls).hasValue(5);
        assertThat(waits).hasSize(4);
        long[] caps = {100, 200, 300, 300};
        for (int i = 0; i < caps.length; i++) {
            assertThat(waits.get(i).toMillis()).isBetween(0L, caps[i]);
        }
    }

    @Test
    void a_success_after_a_transient_failure_is_returned() throws Exception {
        String result = retry(3, 1, 1, 1_000).call(left -> {
            if (calls.incrementAndGet() == 1) {
                throw new UpstreamRetry.Transient("timeout", null);
            }
            return "token";
        });
        assertThat(result).isEqualTo("token");
        assertThat(calls).hasValue(2);
    }

    @Test
    void no_wait_crosses_the_total_bound() {
        assertThatThrownBy(() -> retry(10, 1_000, 1_000, 500).call(left -> {
            calls.incrementAndGet();
            throw new UpstreamRetry.Transient("http 500", Duration.ofSeconds(1));
        })).isInstanceOf(UpstreamException.class);
        // The server's Retry-After (1 s) would cross the 500 ms bound: no second attempt.
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void the_servers_retry_after_is_passed_on_capped_at_five_minutes() {
        assertThatThrownBy(() -> retry(1, 1, 1, 1_000).call(left -> {
            throw new UpstreamRetry.Transient("RESOURCE_EXHAUSTED", Duration.ofHours(1));
        })).isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofMinutes(5)));
    }

    @Test
    void every_attempt_is_handed_the_time_left_of_one_deadline() {
        List<Duration> given = new ArrayList<>();
        assertThatThrownBy(() -> retry(3, 1, 1, 1_000).call(left -> {
            given.add(left);
            pause(150);
            throw new UpstreamRetry.Transient("timeout", null);
        })).isInstanceOf(UpstreamException.class);
        assertThat(given).hasSize(3);
        assertThat(given.get(0)).isBetween(Duration.ofMillis(900), Duration.ofMillis(1_000));
        assertThat(given.get(1)).isLessThanOrEqualTo(given.get(0).minusMillis(150));
        assertThat(given.get(2)).isLessThanOrEqualTo(given.get(1).minusMillis(150));
    }

    @Test
    void a_retry_after_beyond_the_deadline_ends_the_call_at_once_and_is_passed_on() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> retry(4, 10, 100, 4_000).call(left -> {
            calls.incrementAndGet();
            throw new UpstreamRetry.Transient("STS Throttling (HTTP 429)", Duration.ofSeconds(7));
        })).isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
        assertThat(calls).hasValue(1);
        assertThat(waits).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void a_short_retry_after_is_waited_for_within_the_deadline_and_the_largest_hint_is_passed_on() {
        assertThatThrownBy(() -> retry(3, 10, 20, 4_000).call(left -> {
            int n = calls.incrementAndGet();
            throw new UpstreamRetry.Transient(n == 1 ? "http 429" : "timeout", n == 1 ? Duration.ofSeconds(2) : null);
        })).isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
        assertThat(calls).hasValue(3);
        assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(2));
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
