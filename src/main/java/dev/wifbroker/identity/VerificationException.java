package dev.wifbroker.identity;

import dev.wifbroker.reason.Reason;

/**
 * A token was not accepted. {@link #reason()} is the stable code; the message is a precise,
 * operator-facing explanation that never contains the token itself.
 */
public final class VerificationException extends Exception {
    private final Reason reason;

    public VerificationException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
