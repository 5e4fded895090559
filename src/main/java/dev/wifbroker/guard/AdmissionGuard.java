package dev.wifbroker.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The per-exchange guard step: the one-time id and the rate-limit buckets decided together, so a shared
 * store answers in one round trip. Buckets are taken in order and the first empty one refuses.
 */
public interface AdmissionGuard {

    /** Decides one exchange; throws {@link StoreUnavailableException} when the store cannot answer. */
    Verdict admit(Request request);

    /** Whether {@link #admit} answers from this process alone, without waiting on a store. */
    default boolean local() {
        return false;
    }

    /** A token id presented once; {@code expiresAt} bounds how long it must be remembered. */
    record OneTimeId(String issuer, String jti, Instant expiresAt) {}

    record Bucket(String key, RateLimiter.Limit limit) {}

    /** @param oneTimeId null when the issuer does not require replay protection */
    record Request(OneTimeId oneTimeId, List<Bucket> buckets) {}

    enum Outcome {
        ADMITTED,
        REPLAYED,
        /** The replay memory cannot hold more ids: fail closed. */
        MEMORY_FULL,
        RATE_LIMITED
    }

    /** @param retryAfter how long to wait before retrying, for {@link Outcome#RATE_LIMITED} */
    record Verdict(Outcome outcome, Duration retryAfter) {
        public static final Verdict ADMITTED = new Verdict(Outcome.ADMITTED, null);
        public static final Verdict REPLAYED = new Verdict(Outcome.REPLAYED, null);
        public static final Verdict MEMORY_FULL = new Verdict(Outcome.MEMORY_FULL, null);

        public static Verdict limited(Duration wait) {
            return new Verdict(Outcome.RATE_LIMITED, wait);
        }
    }
}
