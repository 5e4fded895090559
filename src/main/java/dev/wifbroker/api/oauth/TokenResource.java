package dev.wifbroker.api.oauth;

import dev.wifbroker.api.FormBody;
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
import java.time.format.DateTimeFormatter;
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
    /** Our token type for AWS temporary credentials, whose three parts ride alongside {@code access_token}. */
    static final String AWS_CREDENTIALS = "urn:wif-broker:token-type:aws-credentials";
    private static final Set<String> TARGETS = Set.of("internal", "aws", "gcp", "azure");

    private final TokenExchange exchange;

    public TokenResource(TokenExchange exchange) {
        this.exchange = exchange;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> token(FormBody form, @Context HttpServerRequest http) {
        // Not @Blocking: the body is read without blocking on the I/O thread (a blocking read on the worker
        // was the largest non-crypto cost under load); the exchange itself, which may wait for a JWKS
        // refetch or a cloud, runs on the worker pool.
        ExchangeRequest request;
        try {
            request = parse(form, http.remoteAddress() == null ? null : http.remoteAddress().hostAddress());
            request = GoogleExternalAccount.selectTarget(request, http.getHeader(GoogleExternalAccount.CLIENT_HEADER));
        } catch (BadRequest e) {
            return Uni.createFrom().item(OAuthError.response(e.reason, e.error, e.getMessage(), null, null));
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
     * The credential target: the {@code target} parameter, or {@code requested_token_type}
     * {@value #AWS_CREDENTIALS} for AWS; absent, access_token and jwt mean "the role's only target".
     */
    private static Optional<String> targetOf(String requested, String target) {
        Optional<String> fromType;
        if (requested == null || requested.equals(ACCESS_TOKEN) || requested.equals(JWT)) {
            fromType = Optional.empty();
        } else if (requested.equals(AWS_CREDENTIALS)) {
            fromType = Optional.of("aws");
        } else {
            throw new BadRequest("requested_token_type must be " + ACCESS_TOKEN + ", " + JWT + " or " + AWS_CREDENTIALS);
        }
        if (target == null) {
            return fromType;
        }
        if (!TARGETS.contains(target)) {
            throw new BadRequest("target must be one of internal, aws, gcp, azure");
        }
        if (fromType.isPresent() && !fromType.get().equals(target)) {
            throw new BadRequest("target " + CallerText.quoted(target) + " contradicts requested_token_type");
        }
        return Optional.of(target);
    }

    private static Response success(ExchangeResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        IssuedCredential credential = result.credential();
        long expiresIn = Math.max(0, credential.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
        if (credential instanceof IssuedCredential.InternalToken internal) {
            body.put("access_token", internal.token());
            body.put("issued_token_type", ACCESS_TOKEN);
            body.put("token_type", "Bearer");
            body.put("expires_in", expiresIn);
            scope(body, internal.scopes());
        } else if (credential instanceof IssuedCredential.CloudAccessToken cloud) {
            body.put("access_token", cloud.token());
            body.put("issued_token_type", ACCESS_TOKEN);
            body.put("token_type", cloud.tokenType() == null ? "Bearer" : cloud.tokenType());
            body.put("expires_in", expiresIn);
            scope(body, cloud.scopes());
        } else if (credential instanceof IssuedCredential.Assertion assertion) {
            body.put("access_token", assertion.token());
            body.put("issued_token_type", JWT);
            body.put("token_type", "N_A");
            body.put("expires_in", expiresIn);
        } else if (credential instanceof IssuedCredential.AwsSession aws) {
            // RFC 8693 needs access_token; the session token fills it, the other two parts ride alongside.
            body.put("access_token", aws.sessionToken());
            body.put("issued_token_type", AWS_CREDENTIALS);
            body.put("token_type", "N_A");
            body.put("expires_in", expiresIn);
            body.put("aws_access_key_id", aws.accessKeyId());
            body.put("aws_secret_access_key", aws.secretAccessKey());
            body.put("aws_session_token", aws.sessionToken());
            body.put("expiration", DateTimeFormatter.ISO_INSTANT.format(aws.expiresAt()));
        }
        return Response.ok(body).header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
    }

    private static void scope(Map<String, Object> body, List<String> scopes) {
        if (!scopes.isEmpty()) {
            body.put("scope", String.join(" ", scopes));
        }
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
