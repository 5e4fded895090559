package dev.wifbroker.api;

/**
 * A request refused before any endpoint looked at it (body too large, form not decodable, unsupported
 * charset): the caller's mistake, answered by {@link ApiErrorMappers} with {@link #status()} in the
 * endpoint's own error format. Carries no stack trace, so even a DEBUG log of it stays one line.
 */
public final class RequestRejected extends RuntimeException {
    private final int status;

    public RequestRejected(int status, String description) {
        super(description, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public String description() {
        return getMessage();
    }
}
