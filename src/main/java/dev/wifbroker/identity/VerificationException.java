package dev.wifbroker.identity;

import dev.wifbroker.reason.Reason;
import java.time.Duration;
import java.util.Optional;

/**
 * A token was not accepted. {@link #reason()} is the stable code; the message is a precise,
 * operator-facing explanation that never contains the token itself.
 */
public final class VerificationException extends Exception {
    private final Reason reason;
    private final Duration retryAfter;

    public VerificationException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    /** A refusal the caller may retry ({@code jwks_unavailable}) after {@code retryAfter}. */
    public VerificationException(Reason reason, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** When retrying may succeed: the key source's own estimate; empty for final refusals. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
