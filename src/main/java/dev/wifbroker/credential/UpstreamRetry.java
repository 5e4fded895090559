package dev.wifbroker.credential;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries one upstream call on throttling, 5xx and network errors only, with full-jitter exponential
 * backoff, within a bounded number of attempts and a bounded total time. A refusal is never retried:
 * the attempt throws {@link UpstreamException} and that ends the call at once.
 */
public final class UpstreamRetry {
    private final String cloud;
    private final Policy policy;
    private final Sleeper sleeper;

    /**
     * @param maxAttempts attempts in all, first one included (1 = no retry)
     * @param initialBackoff the cap of the first wait; each later wait's cap doubles
     * @param maxBackoff the largest cap of one wait
     * @param maxTotal no new attempt starts when the call has already taken this long, or would after the wait
     */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {
        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry max-attempts must be at least 1");
            }
        }
    }

    /** One attempt at the upstream call. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws UpstreamException, Transient;
    }

    /** Waits between attempts; tests replace it to observe the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * A failure worth another attempt: throttling, a 5xx, a timeout, a refused connection.
     * {@code what} is a short, body-free label ({@code http 503}, {@code RESOURCE_EXHAUSTED}, {@code timeout}).
     */
    public static final class Transient extends Exception {
        private final String what;
        private final Duration retryAfter;

        public Transient(String what, Duration retryAfter) {
            super(what, null, false, false);
            this.what = what;
            this.retryAfter = retryAfter;
        }

        public String what() {
            return what;
        }
    }

    public UpstreamRetry(String cloud, Policy policy, Sleeper sleeper) {
        this.cloud = cloud;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    public UpstreamRetry(String cloud, Policy policy) {
        this(cloud, policy, d -> Thread.sleep(d.toMillis()));
    }

    public <T> T call(Attempt<T> attempt) throws UpstreamException {
        long start = System.nanoTime();
        Transient last = null;
        for (int n = 1; n <= policy.maxAttempts(); n++) {
            try {
                return attempt.run();
            } catch (Transient t) {
                last = t;
            }
            if (n == policy.maxAttempts()) {
                break;
            }
            Duration wait = backoff(n, last);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (elapsed.plus(wait).compareTo(policy.maxTotal()) >= 0) {
                break;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw UpstreamException.unavailable(cloud, "interrupted", Duration.ofSeconds(1));
            }
        }
        throw UpstreamException.unavailable(cloud, last.what, retryAfterFor(last));
    }

    /** Full jitter: uniform in [0, min(maxBackoff, initial * 2^(n-1))], but never shorter than the server's Retry-After. */
    private Duration backoff(int attemptsSoFar, Transient last) {
        long capMillis = Math.min(policy.maxBackoff().toMillis(),
                policy.initialBackoff().toMillis() << Math.min(20, attemptsSoFar - 1));
        long millis = ThreadLocalRandom.current().nextLong(capMillis + 1);
        if (last.retryAfter != null && last.retryAfter.toMillis() > millis) {
            millis = last.retryAfter.toMillis();
        }
        return Duration.ofMillis(millis);
    }

    private static Duration retryAfterFor(Transient last) {
        if (last.retryAfter != null && !last.retryAfter.isNegative() && !last.retryAfter.isZero()) {
            return last.retryAfter.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : last.retryAfter;
        }
        return Duration.ofSeconds(5);
    }
}
