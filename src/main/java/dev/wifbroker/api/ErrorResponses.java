package dev.wifbroker.api;

import dev.wifbroker.http.RetryAfter;
import dev.wifbroker.reason.Reason;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * What every error answer of the main port carries, whatever its wire shape (OAuth JSON, container-credentials
 * JSON, STS XML): the status, {@code Cache-Control: no-store} (an error about one token is nobody else's answer)
 * and, for a refusal the caller may retry, {@code Retry-After} in whole seconds. Each protocol adapter builds its
 * own body and adds its own headers on top.
 */
public final class ErrorResponses {
    /** The {@code Retry-After} of a retryable refusal that carries no hint of its own. */
    static final long DEFAULT_RETRY_AFTER_SECONDS = 5;

    private ErrorResponses() {}

    /** An error answer with {@code status}, {@code body} as {@code mediaType}, that no cache keeps. */
    public static Response.ResponseBuilder noStore(int status, String mediaType, Object body) {
        return Response.status(status).type(mediaType).entity(body).header("Cache-Control", "no-store");
    }

    /** Adds {@code Retry-After} for {@code hint} (null: none), rounded up to whole seconds. */
    public static Response.ResponseBuilder retryAfter(Response.ResponseBuilder response, Duration hint) {
        return hint == null ? response : response.header("Retry-After", RetryAfter.seconds(hint));
    }

    /** As {@link #retryAfter(Response.ResponseBuilder, Duration)}, and 5 s for a retryable {@code reason} without a hint. */
    public static Response.ResponseBuilder retryAfter(Response.ResponseBuilder response, Duration hint, Reason reason) {
        if (hint == null && reason.retryable()) {
            return response.header("Retry-After", DEFAULT_RETRY_AFTER_SECONDS);
        }
        return retryAfter(response, hint);
    }
}
