package dev.wifbroker.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The validated timing and shape of a key ring (the runtime form of {@link KeyRingConfig}).
 *
 * @param algorithms the algorithms with a key of their own; each gets one active key
 * @param rotationPeriod how long a key signs before its successor takes over
 * @param publishAhead how long a successor sits in the JWKS before it signs; must exceed
 *                     {@link #JWKS_CACHE_MAX_AGE}, so no relying party meets an unknown kid
 * @param maxTokenLifetime the longest lifetime of any token the ring signs; the signer refuses longer ones,
 *                         because a retired key is removed this long after retirement
 * @param removalMargin extra time a retired key stays published, covering clock skew at relying parties
 *                      and a token signed just as its key was retired
 * @param rsaKeySize RSA modulus bits (2048 or more)
 */
public record KeyRingSettings(
        Set<SigningAlgorithm> algorithms,
        Duration rotationPeriod,
        Duration publishAhead,
        Duration maxTokenLifetime,
        Duration removalMargin,
        int rsaKeySize) {

    /**
     * How long relying parties may cache our JWKS (the {@code Cache-Control} max-age of the JWKS
     * endpoint). Publish-ahead must be longer, or a cache filled just before a successor was published
     * would still be in use when that successor signs its first token.
     */
    public static final Duration JWKS_CACHE_MAX_AGE = Duration.ofMinutes(5);

    public KeyRingSettings {
        algorithms = algorithms.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(algorithms));
        List<String> errors = new ArrayList<>();
        if (algorithms.isEmpty()) {
            errors.add("at least one signing algorithm is required");
        }
        if (!positive(rotationPeriod)) {
            errors.add("rotation-period must be positive");
        }
        if (publishAhead == null || publishAhead.compareTo(JWKS_CACHE_MAX_AGE) <= 0) {
            errors.add("publish-ahead (" + publishAhead + ") must be longer than the JWKS cache max-age (" + JWKS_CACHE_MAX_AGE + ")");
        }
        if (positive(rotationPeriod) && publishAhead != null && publishAhead.compareTo(rotationPeriod) >= 0) {
            // Otherwise a successor would have to be published before its predecessor even started signing.
            errors.add("publish-ahead (" + publishAhead + ") must be shorter than rotation-period (" + rotationPeriod + ")");
        }
        if (!positive(maxTokenLifetime)) {
            errors.add("max-token-lifetime must be positive");
        }
        if (removalMargin == null || removalMargin.isNegative()) {
            errors.add("removal-margin must not be negative");
        }
        if (rsaKeySize < 2048) {
            errors.add("rsa-key-size must be at least 2048 bits, got " + rsaKeySize);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid key ring settings: " + String.join("; ", errors));
        }
    }

    /** Defaults suited to short-lived tokens: daily rotation, one hour ahead, tokens of at most one hour. */
    public static KeyRingSettings defaults() {
        return new KeyRingSettings(EnumSet.allOf(SigningAlgorithm.class), Duration.ofHours(24), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMinutes(5), 2048);
    }

    /** How long a retired key stays in the JWKS. */
    public Duration retention() {
        return maxTokenLifetime.plus(removalMargin);
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
