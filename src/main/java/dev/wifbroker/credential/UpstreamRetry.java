package dev.wifbroker.credential;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries one upstream call on throttling, 5xx and network errors only, with full-jitter exponential
 * backoff, within a bounded number of attempts and one deadline for the whole call: each attempt is
 * handed the time left and must not outlive it, so a hung upstream costs the caller at most
 * {@link Policy#maxTotal()}. A refusal is never retried: the attempt throws {@link UpstreamException}
 * and that ends the call at once. The upstream's own retry hint ({@code Retry-After}) is honoured
 * between attempts and passed on to the caller, capped at {@link #MAX_RETRY_AFTER}.
 */
public final class UpstreamRetry {
    /** The longest wait the broker passes on to its callers, whatever an upstream asks for. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
    /** The hint when the upstream gave none. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** Below this an attempt cannot even connect: the call ends instead. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);

    private final String cloud;
    private final Policy policy;
    private final Sleeper sleeper;

    /**
     * @param maxAttempts attempts in all, first one included (1 = no retry)
     * @param initialBackoff the cap of the first wait; each later wait's cap doubles
     * @param maxBackoff the largest cap of one wait
     * @param maxTotal the deadline of the whole call, attempts and waits together
     */
    public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotal) {
        public Policy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("retry max-attempts must be at least 1");
            }
        }
    }

    /** One attempt at the upstream call, which must be done (or given up) within {@code timeLeft}. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run(Duration timeLeft) throws UpstreamException, Transient;
    }

    /** Waits between attempts; tests replace it to observe the waits. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * A failure worth another attempt: throttling, a 5xx, a timeout, a refused connection.
     * {@code what} is a short, body-free label ({@code http 503}, {@code RESOURCE_EXHAUSTED}, {@code timeout});
     * {@code retryAfter} the upstream's hint, or null.
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
        long deadline = System.nanoTime() + policy.maxTotal().toNanos();
        Transient last = null;
        Duration hint = null;
        for (int n = 1; n <= policy.maxAttempts(); n++) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            if (n > 1 && left.compareTo(MIN_ATTEMPT) < 0) {
                break;
            }
            try {
                return attempt.run(left.compareTo(MIN_ATTEMPT) < 0 ? MIN_ATTEMPT : left);
            } catch (Transient t) {
                last = t;
                if (t.retryAfter != null && (hint == null || t.retryAfter.compareTo(hint) > 0)) {
                    hint = t.retryAfter;
                }
            }
            if (n == policy.maxAttempts()) {
                break;
            }
            Duration wait = backoff(n, last);
            if (wait.plus(MIN_ATTEMPT).compareTo(Duration.ofNanos(deadline - System.nanoTime())) > 0) {
                break;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw UpstreamException.unavailable(cloud, "interrupted", Duration.ofSeconds(1));
            }
        }
        throw UpstreamException.unavailable(cloud, last.what, retryAfterFor(hint));
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

    /** The largest hint any attempt got, capped; the default when the upstream gave none. */
    static Duration retryAfterFor(Duration hint) {
        if (hint != null && !hint.isNegative() && !hint.isZero()) {
            return hint.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : hint;
        }
        return DEFAULT_RETRY_AFTER;
    }
}
