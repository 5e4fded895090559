package dev.wifbroker.api.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wifbroker.exchange.ExchangeFailure;
import dev.wifbroker.reason.Reason;
import jakarta.ws.rs.core.Response;

/** The RFC 6749 §5.2 error body, with our stable {@code reason} and the {@code decision_id} operators look up. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuthError(
        String error,
        @JsonProperty("error_description") String description,
        String reason,
        @JsonProperty("decision_id") String decisionId) {

    public static Response response(ExchangeFailure failure) {
        return response(failure.reason(), failure.reason().oauthError(), failure.description(), failure.decisionId(),
                failure.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(null));
    }

    public static Response response(Reason reason, String error, String description, String decisionId, Long retryAfterSeconds) {
        Response.ResponseBuilder b = Response.status(reason.httpStatus())
                .entity(new OAuthError(error, description, reason.code(), decisionId))
                .type("application/json")
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache");
        if (retryAfterSeconds != null) {
            b.header("Retry-After", retryAfterSeconds);
        } else if (reason.retryable()) {
            b.header("Retry-After", 5);
        }
        return b.build();
    }
}
