package dev.wifbroker.api.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wifbroker.api.ErrorResponses;
import dev.wifbroker.exchange.ExchangeFailure;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.text.CallerText;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * The RFC 6749 §5.2 error body, with our stable {@code reason} and the {@code decision_id} operators look up.
 * Every OAuth error the broker sends is built here, so this is where {@code error_description} is held to
 * the RFC's character set and to a bounded length, whatever the text was made of.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthError(
        String error,
        @JsonProperty("error_description") String description,
        String reason,
        @JsonProperty("decision_id") String decisionId) {

    public OAuthError {
        description = CallerText.errorText(description);
    }

    public static Response response(ExchangeFailure failure) {
        return response(failure.reason(), failure.reason().oauthError(), failure.description(), failure.decisionId(),
                failure.retryAfter().orElse(null));
    }

    /** @param retryAfter the caller's wait before a retry, or null (a retryable reason then says 5 s) */
    public static Response response(Reason reason, String error, String description, String decisionId, Duration retryAfter) {
        return ErrorResponses.retryAfter(builder(reason.httpStatus(), new OAuthError(error, description, reason.code(), decisionId)),
                retryAfter, reason).build();
    }

    /** A request refused before the exchange (wrong method, media type, size or encoding): {@code invalid_request}. */
    public static Response rejected(int status, String description) {
        return builder(status, new OAuthError(Reason.INVALID_REQUEST.oauthError(), description, Reason.INVALID_REQUEST.code(),
                null)).build();
    }

    /** The broker's own failure, with the id of its log line. */
    public static Response unexpected(String id) {
        return builder(500, new OAuthError("server_error", "the broker failed unexpectedly; quote " + id, "internal_error", id))
                .build();
    }

    /** RFC 6749 §5.1 asks token responses, errors included, for {@code Pragma: no-cache} besides {@code no-store}. */
    private static Response.ResponseBuilder builder(int status, OAuthError body) {
        return ErrorResponses.noStore(status, "application/json", body).header("Pragma", "no-cache");
    }
}
