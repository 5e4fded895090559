package dev.wifbroker.api.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.api.ClientAddress;
import dev.wifbroker.api.FormBody;
import dev.wifbroker.credential.CredentialKind;
import dev.wifbroker.credential.CredentialKinds;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.exchange.ExchangeFailure;
import dev.wifbroker.exchange.ExchangeRequest;
import dev.wifbroker.exchange.ExchangeResult;
import dev.wifbroker.exchange.TokenExchange;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.text.CallerText;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/token}: OAuth 2.0 Token Exchange (RFC 8693). {@code audience} names the role;
 * {@code scope} and {@code requested_lifetime} may only narrow it.
 */
@Path("/v1/token")
public class TokenResource {
    static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    static final String ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
    static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TokenExchange exchange;

    public TokenResource(TokenExchange exchange) {
        this.exchange = exchange;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(FormBody form, @Context HttpServerRequest http) {
        // Not @Blocking: the body is read without blocking on the I/O thread (a blocking read on the worker
        // was the largest non-crypto cost under load). An exchange that waits on nothing (cached keys, memory
        // guard, a token the broker signs) completes here too; one that may wait for a key fetch, the state
        // store or a cloud runs on the worker pool.
        ExchangeRequest request;
        try {
            request = parse(form, ClientAddress.of(http));
            request = GoogleExternalAccount.selectTarget(request, http.getHeader(GoogleExternalAccount.CLIENT_HEADER));
        } catch (BadRequest e) {
            return Uni.createFrom().item(OAuthError.response(e.reason, e.error, e.getMessage(), null, null));
        }
        try {
            Optional<ExchangeResult> done = exchange.exchangeWithoutWaiting(request);
            if (done.isPresent()) {
                return Uni.createFrom().item(success(done.get()));
            }
        } catch (ExchangeFailure failure) {
            return Uni.createFrom().item(OAuthError.response(failure));
        }
        ExchangeRequest parsed = request;
        return Uni.createFrom().item(() -> run(parsed)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response run(ExchangeRequest request) {
        try {
            return success(exchange.exchange(request));
        } catch (ExchangeFailure failure) {
            return OAuthError.response(failure);
        }
    }

    static ExchangeRequest parse(FormBody form, String clientAddress) {
        Optional<String> repeated = form.repeated();
        if (repeated.isPresent()) {
            throw new BadRequest("parameter " + CallerText.quoted(repeated.get()) + " is repeated");
        }
        String grantType = form.first("grant_type");
        if (grantType == null) {
            throw new BadRequest("grant_type is required (" + GRANT_TYPE + ")");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw new BadRequest(Reason.INVALID_REQUEST, "unsupported_grant_type", "grant_type must be " + GRANT_TYPE);
        }
        if (form.has("actor_token") || form.has("actor_token_type")) {
            throw new BadRequest("actor_token is not supported: present only the workload's subject_token");
        }
        String token = form.first("subject_token");
        if (token == null || token.isBlank()) {
            throw new BadRequest("subject_token is required");
        }
        String type = form.first("subject_token_type");
        if (type == null) {
            throw new BadRequest("subject_token_type is required (" + JWT + " or " + ID_TOKEN + ")");
        }
        if (!type.equals(JWT) && !type.equals(ID_TOKEN)) {
            throw new BadRequest(Reason.UNSUPPORTED_TOKEN_TYPE, "invalid_request",
                    "subject_token_type must be " + JWT + " or " + ID_TOKEN);
        }
        String role = form.first("audience");
        if (role == null || role.isBlank()) {
            throw new BadRequest("audience is required: it names the role to obtain");
        }
        Optional<String> target = targetOf(form.first("requested_token_type"), form.first("target"));
        return new ExchangeRequest(token, role, scopes(form.first("scope")), lifetime(form.first("requested_lifetime")),
                target, clientAddress);
    }

    private static Optional<Set<String>> scopes(String scope) {
        if (scope == null) {
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>(Arrays.asList(scope.trim().split(" +")));
        out.remove("");
        if (out.isEmpty()) {
            throw new BadRequest("scope is empty");
        }
        return Optional.of(out);
    }

    private static Optional<Duration> lifetime(String seconds) {
        if (seconds == null) {
            return Optional.empty();
        }
        try {
            long s = Long.parseLong(seconds.trim());
            if (s <= 0 || s > 86_400) {
                throw new BadRequest("requested_lifetime must be between 1 and 86400 seconds");
            }
            return Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException e) {
            throw new BadRequest("requested_lifetime must be a number of seconds");
        }
    }

    /**
     * The credential target: the {@code target} parameter, or a kind's own {@code requested_token_type}
     * ({@link CredentialKind#requestedTokenType()}); absent, access_token and jwt mean "the role's only target".
     */
    private static Optional<String> targetOf(String requested, String target) {
        Optional<String> fromType;
        if (requested == null || requested.equals(ACCESS_TOKEN) || requested.equals(JWT)) {
            fromType = Optional.empty();
        } else {
            fromType = CredentialKinds.all().stream().filter(k -> k.requestedTokenType().filter(requested::equals).isPresent())
                    .map(CredentialKind::name).findFirst();
            if (fromType.isEmpty()) {
                List<String> types = new ArrayList<>(List.of(ACCESS_TOKEN, JWT));
                CredentialKinds.all().forEach(k -> k.requestedTokenType().ifPresent(types::add));
                throw new BadRequest("requested_token_type must be " + String.join(", ", types.subList(0, types.size() - 1))
                        + " or " + types.get(types.size() - 1));
            }
        }
        if (target == null) {
            return fromType;
        }
        if (!CredentialKinds.names().contains(target)) {
            throw new BadRequest("target must be one of " + String.join(", ", CredentialKinds.names()));
        }
        if (fromType.isPresent() && !fromType.get().equals(target)) {
            throw new BadRequest("target " + CallerText.quoted(target) + " contradicts requested_token_type");
        }
        return Optional.of(target);
    }

    /** RFC 8693 §2.2.1 from the credential's own hints; {@code expires_in} counted from now. */
    private static Response success(ExchangeResult result) {
        IssuedCredential credential = result.credential();
        IssuedCredential.TokenResponse hints = credential.tokenResponse();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", hints.accessToken());
        body.put("issued_token_type", hints.issuedTokenType());
        body.put("token_type", hints.tokenType());
        body.put("expires_in", Math.max(0, credential.expiresAt().getEpochSecond() - Instant.now().getEpochSecond()));
        if (!hints.scopes().isEmpty()) {
            body.put("scope", String.join(" ", hints.scopes()));
        }
        body.putAll(hints.extra());
        byte[] json;
        try {
            // Encoded here rather than by the framework's writer lookup: the success body is on every exchange.
            json = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("token response of strings and numbers did not encode", e);
        }
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store")
                .header("Pragma", "no-cache").build();
    }

    /** A request that is wrong before any token is looked at. */
    static final class BadRequest extends RuntimeException {
        final Reason reason;
        final String error;

        BadRequest(String message) {
            this(Reason.INVALID_REQUEST, "invalid_request", message);
        }

        BadRequest(Reason reason, String error, String message) {
            super(message, null, false, false);
            this.reason = reason;
            this.error = error;
        }
    }
}
