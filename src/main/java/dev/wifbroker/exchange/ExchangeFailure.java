package dev.wifbroker.exchange;

import dev.wifbroker.reason.Reason;
import java.time.Duration;
import java.util.Optional;

/**
 * An exchange that ended without a credential. {@link #description()} is safe to show the caller;
 * the operator-facing detail went to the audit event under {@link #decisionId()}.
 */
public final class ExchangeFailure extends Exception {
    private final Reason reason;
    private final String decisionId;
    private final String description;
    private final Duration retryAfter;

    public ExchangeFailure(Reason reason, String decisionId, String description, Duration retryAfter) {
        super(reason.code() + ": " + description, null, false, false);
        this.reason = reason;
        this.decisionId = decisionId;
        this.description = description;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public String decisionId() {
        return decisionId;
    }

    public String description() {
        return description;
    }

    /** How long the caller should wait, for rate limits and our own outages. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
