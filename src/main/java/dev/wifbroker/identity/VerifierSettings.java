package dev.wifbroker.identity;

import java.time.Duration;

/**
 * Global bounds of token verification.
 *
 * @param maxTokenBytes tokens longer than this are refused before any parsing
 * @param refetchWait how long a token with an unknown key id may wait for the one shared refetch
 * @param firstFetchWait the same while the issuer has no usable keys yet (the first fetch after start or
 *     reload, which takes discovery and a JWKS round trip)
 * @param maxRefetchWaiters how many request threads may wait on one issuer's refetch at once; more tokens
 *     with an unknown key id are refused at once (503, retryable) instead of holding a thread
 */
public record VerifierSettings(int maxTokenBytes, Duration refetchWait, Duration firstFetchWait, int maxRefetchWaiters) {

    public VerifierSettings {
        if (refetchWait.isNegative() || firstFetchWait.isNegative() || maxRefetchWaiters < 0) {
            throw new IllegalArgumentException("broker.verify.refetch-wait, first-fetch-wait and max-refetch-waiters must not"
                    + " be negative");
        }
    }

    public static VerifierSettings defaults() {
        return new VerifierSettings(16 * 1024, Duration.ofMillis(500), Duration.ofSeconds(3), 4);
    }
}
