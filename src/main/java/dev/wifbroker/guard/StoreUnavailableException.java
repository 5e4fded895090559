package dev.wifbroker.guard;

import java.time.Duration;

/** The shared state store cannot answer in time: the guard fails closed and the caller retries after {@link #retryAfter()}. */
public final class StoreUnavailableException extends RuntimeException {
    private final Duration retryAfter;

    public StoreUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
