package dev.wifbroker.identity.jwks;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where an issuer's verification keys come from. {@link #snapshot()} never blocks; only an unknown
 * key id may ask for a refetch, which implementations rate-limit and share between callers.
 */
public interface KeySource extends AutoCloseable {

    /** The keys usable now (within the staleness bound), without waiting on anything. */
    Optional<JwksSnapshot> snapshot();

    /**
     * Asks for fresh keys because a token named a key id the snapshot lacks. Completes with the
     * outcome; at most one fetch is in flight and fetches are spaced by a minimum interval.
     */
    CompletableFuture<RefreshOutcome> refreshForUnknownKey();

    /**
     * When a caller refused for want of keys may usefully try again: the end of the fetch in flight, or
     * the next fetch this source will make. At least one second.
     */
    default Duration retryHint() {
        return Duration.ofSeconds(5);
    }

    /** Starts background refresh, if the source has any. */
    default void start() {}

    @Override
    default void close() {}

    /** The result of a requested refresh. */
    record RefreshOutcome(Optional<JwksSnapshot> snapshot, Status status, String detail) {
        public enum Status {
            REFRESHED,
            RATE_LIMITED,
            FAILED,
            STATIC
        }
    }
}
