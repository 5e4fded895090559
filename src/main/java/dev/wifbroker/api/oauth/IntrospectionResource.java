package dev.wifbroker.api.oauth;

import dev.wifbroker.api.FormBody;
import dev.wifbroker.credential.IssuedTokens;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.text.CallerText;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/introspect}: OAuth 2.0 Token Introspection (RFC 7662) for the cloud access tokens this broker
 * handed out, which is how gcloud names the account of an {@code external_account} credential (its
 * {@code token_info_url}). Any other token, or one past its expiry, is {@code {"active": false}}.
 *
 * <p>Client authentication is accepted and not required (gcloud sends its own public client id): the answer tells
 * the holder of a token only who the token already speaks for, and tokens are not guessable.
 */
@Path("/v1/introspect")
public class IntrospectionResource {
    private static final Map<String, Object> INACTIVE = Map.of("active", false);
    private final IssuedTokens issued;

    public IntrospectionResource(IssuedTokens issued) {
        this.issued = issued;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response introspect(FormBody form) {
        Optional<String> repeated = form.repeated();
        if (repeated.isPresent()) {
            return OAuthError.response(Reason.INVALID_REQUEST, "invalid_request",
                    "parameter " + CallerText.quoted(repeated.get()) + " is repeated", null, null);
        }
        String token = form.first("token");
        if (token == null || token.isBlank()) {
            return OAuthError.response(Reason.INVALID_REQUEST, "invalid_request", "token is required", null, null);
        }
        Optional<IssuedTokens.Entry> entry;
        try {
            entry = issued.lookup(token);
        } catch (StoreUnavailableException e) {
            return OAuthError.response(Reason.UPSTREAM_UNAVAILABLE, Reason.UPSTREAM_UNAVAILABLE.oauthError(),
                    "the broker's shared state store is unavailable; retry shortly", null, e.retryAfter());
        }
        return Response.ok(entry.map(IntrospectionResource::active).orElse(INACTIVE)).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache").build();
    }

    private static Map<String, Object> active(IssuedTokens.Entry e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", true);
        body.put("username", e.username());
        body.put("client_id", e.clientId());
        body.put("scope", String.join(" ", e.scopes()));
        body.put("token_type", "Bearer");
        body.put("exp", e.expiresAt().getEpochSecond());
        return body;
    }
}
