package dev.wifbroker.api.aws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.wifbroker.api.ClientAddress;
import dev.wifbroker.api.ErrorResponses;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.aws.AwsKind;
import dev.wifbroker.exchange.ExchangeFailure;
import dev.wifbroker.exchange.ExchangeRequest;
import dev.wifbroker.exchange.ExchangeResult;
import dev.wifbroker.exchange.TokenExchange;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.text.CallerText;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code GET /v1/aws/credentials?role=R} and {@code GET /v1/aws/credentials/R}: the AWS SDKs' container
 * credentials provider. A pod sets {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} to this URL and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE} to its projected service-account token; the SDK sends the
 * file's content as the {@code Authorization} header on every fetch and refreshes before
 * {@code Expiration}.
 *
 * <p>Errors: 4xx for the caller's problems (the Java SDK does not retry them; 404 is never used, since the
 * Java SDK reads it as "no credentials here" rather than as an error), 429 and 503 with
 * {@code Retry-After} for ours. The body carries {@code Code}/{@code Message} (JS v3) and
 * {@code code}/{@code message} (Java v2), plus our {@code reason} and {@code decision_id}.
 */
@Path("/v1/aws/credentials")
public class ContainerCredentialsResource {
    private final TokenExchange exchange;
    private final Clock clock;

    public ContainerCredentialsResource(TokenExchange exchange, Clock clock) {
        this.exchange = exchange;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response byQuery(@QueryParam("role") String role, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        return credentials(role, authorization, http);
    }

    @GET
    @Path("{role}")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response byPath(@PathParam("role") String role, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpServerRequest http) {
        return credentials(role, authorization, http);
    }

    /** Both variables: SDKs older than the one that reads the file (botocore 1.29, AWS CLI 2.9) read only the token itself. */
    static final String MISSING_TOKEN = "the workload token is missing: set AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE to the token file"
            + " or, for an SDK that does not read that variable (older botocore and AWS CLI), AWS_CONTAINER_AUTHORIZATION_TOKEN"
            + " to the token itself (or send Authorization: Bearer <token>)";

    private Response credentials(String role, String authorization, HttpServerRequest http) {
        if (role == null || role.isBlank()) {
            return error(Reason.INVALID_REQUEST, "name the role: /v1/aws/credentials?role=ROLE or /v1/aws/credentials/ROLE",
                    null, null);
        }
        Optional<String> token = AwsTokens.fromAuthorization(authorization);
        if (token.isEmpty()) {
            return error(Reason.INVALID_REQUEST, MISSING_TOKEN, null, null);
        }
        String client = ClientAddress.of(http);
        try {
            ExchangeResult result = exchange.exchange(new ExchangeRequest(token.get(), role, Optional.empty(), Optional.empty(),
                    Optional.of(AwsKind.NAME), client));
            if (!(result.credential() instanceof IssuedCredential.AwsSession session)) {
                // The exchange honours the target; anything else would be a broker bug, never the caller's.
                return error(Reason.UPSTREAM_UNAVAILABLE, "the role did not yield AWS credentials", result.decisionId(), null);
            }
            return Response.ok(new Credentials(session.accessKeyId(), session.secretAccessKey(), session.sessionToken(),
                            AwsTokens.timestamp(session.expiresAt()), AwsTokens.accountOf(session.assumedRoleArn()).orElse(null),
                            "Success", "AWS-HMAC", AwsTokens.timestamp(clock.instant())))
                    .header("Cache-Control", "no-store").header("Pragma", "no-cache").build();
        } catch (ExchangeFailure failure) {
            return error(failure.reason(), failure.description(), failure.decisionId(), failure.retryAfter().orElse(null));
        }
    }

    /** A request refused before the endpoint read it (wrong method or path), in the same shape as its errors. */
    public static Response rejected(int status, String message) {
        return body(status, status >= 500 ? "InternalFailure" : "InvalidRequest", message,
                status >= 500 ? "internal_error" : Reason.INVALID_REQUEST.code(), null).build();
    }

    /** @param retryAfter the caller's wait before a retry, or null (a retryable reason then says 5 s) */
    static Response error(Reason reason, String message, String decisionId, Duration retryAfter) {
        return ErrorResponses.retryAfter(body(reason.httpStatus(), codeOf(reason), message, reason.code(), decisionId),
                retryAfter, reason).build();
    }

    /** Messages follow the OAuth rule: bounded, printable ASCII, whatever they echo. */
    private static Response.ResponseBuilder body(int status, String code, String message, String reason, String decisionId) {
        String text = CallerText.errorText(message);
        return ErrorResponses.noStore(status, MediaType.APPLICATION_JSON, new Failure(code, text, code, text, reason, decisionId));
    }

    /** AWS-style codes, so SDK error messages read naturally; {@code reason} keeps ours. */
    static String codeOf(Reason reason) {
        return switch (reason) {
            case NO_MATCHING_RULE, DENIED_BY_RULE, REVOKED, UPSTREAM_DENIED, SCOPE_NOT_ALLOWED -> "AccessDenied";
            case RATE_LIMITED -> "Throttling";
            case JWKS_UNAVAILABLE, UPSTREAM_UNAVAILABLE -> "ServiceUnavailable";
            case TOKEN_EXPIRED -> "ExpiredToken";
            case UNKNOWN_ROLE, INVALID_REQUEST -> "InvalidRequest";
            case UNSUPPORTED_TOKEN_TYPE, TOKEN_MALFORMED, ISSUER_NOT_TRUSTED, ALGORITHM_NOT_ALLOWED, KEY_NOT_FOUND,
                    SIGNATURE_INVALID, TOKEN_NOT_YET_VALID, TOKEN_TOO_OLD, AUDIENCE_MISMATCH, REPLAY_DETECTED -> "InvalidToken";
        };
    }

    /**
     * The container-credentials document. {@code AccountId} lets newer SDKs route account-based endpoints;
     * {@code Code}, {@code Type} and {@code LastUpdated} mirror the instance-metadata shape some tools expect.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Credentials(
            @JsonProperty("AccessKeyId") String accessKeyId,
            @JsonProperty("SecretAccessKey") String secretAccessKey,
            @JsonProperty("Token") String token,
            @JsonProperty("Expiration") String expiration,
            @JsonProperty("AccountId") String accountId,
            @JsonProperty("Code") String code,
            @JsonProperty("Type") String type,
            @JsonProperty("LastUpdated") String lastUpdated) {

        /** Without the secrets, so a stray log line cannot leak them. */
        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
        }
    }

    /** Both casings: JS v3 reads {@code Code}/{@code Message}, Java v2 {@code code}/{@code message}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Failure(
            @JsonProperty("Code") String code,
            @JsonProperty("Message") String message,
            @JsonProperty("code") String lowerCode,
            @JsonProperty("message") String lowerMessage,
            @JsonProperty("reason") String reason,
            @JsonProperty("decision_id") String decisionId) {}
}
