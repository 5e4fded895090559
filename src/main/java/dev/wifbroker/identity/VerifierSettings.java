package dev.wifbroker.identity;

import java.time.Duration;

/**
 * Global bounds of token verification.
 *
 * @param maxTokenBytes tokens longer than this are refused before any parsing
 * @param refetchWait how long a token with an unknown key id may wait for the one shared refetch
 */
public record VerifierSettings(int maxTokenBytes, Duration refetchWait) {

    public static VerifierSettings defaults() {
        return new VerifierSettings(16 * 1024, Duration.ofSeconds(8));
    }
}
