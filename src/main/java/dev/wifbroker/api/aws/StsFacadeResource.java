package dev.wifbroker.api.aws;

import dev.wifbroker.api.ClientAddress;
import dev.wifbroker.api.FormBody;
import dev.wifbroker.api.aws.StsRoleSelector.Selection;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.aws.AwsKind;
import dev.wifbroker.credential.aws.AwsLimits;
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
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v1/aws/sts}, and {@code POST /}: STS's Query-protocol {@code AssumeRoleWithWebIdentity}, for SDKs
 * configured with {@code AWS_ENDPOINT_URL_STS}, {@code AWS_ROLE_ARN} and {@code AWS_WEB_IDENTITY_TOKEN_FILE}. The
 * root form exists because the AWS SDK for Java v2 drops the path of an STS endpoint and always posts to
 * {@code /} (aws/aws-sdk-java-v2#3387), so {@code AWS_ENDPOINT_URL_STS=https://broker.example.com} is the setting
 * that works for every SDK.
 *
 * <ul>
 * <li>{@code RoleArn} selects the broker role ({@link StsRoleSelector}).</li>
 * <li>{@code WebIdentityToken} is the workload's token, verified and decided like any exchange.</li>
 * <li>{@code RoleSessionName} is required and checked as STS checks it, but the session is named by the
 * role's {@code sessionName} template: names come from verified claims, never from the request.</li>
 * <li>{@code DurationSeconds} (900–43200) may only shorten the role's duration.</li>
 * <li>{@code Policy}, {@code PolicyArns} and {@code ProviderId} are refused ({@code ValidationError}): the
 * role's own session policy applies, and silently dropping a caller's narrowing would grant more than
 * asked.</li>
 * </ul>
 */
@Path("/")
public class StsFacadeResource {
    static final String ACTION = "AssumeRoleWithWebIdentity";
    static final String VERSION = "2011-06-15";

    private final TokenExchange exchange;
    private final StsRoleSelector roles;

    public StsFacadeResource(TokenExchange exchange, StsRoleSelector roles) {
        this.exchange = exchange;
        this.roles = roles;
    }

    @POST
    @Path("v1/aws/sts")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_XML)
    public Uni<Response> assumeRoleWithWebIdentity(FormBody form, @Context HttpServerRequest http) {
        return offload(form, http);
    }

    /** The same operation at the root, where the Java SDK v2 sends it whatever the endpoint's path. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_XML)
    public Uni<Response> atRoot(FormBody form, @Context HttpServerRequest http) {
        return offload(form, http);
    }

    /** The form is read without blocking on the I/O thread; the exchange (which may call STS) runs on a worker. */
    private Uni<Response> offload(FormBody form, HttpServerRequest http) {
        return Uni.createFrom().item(() -> handle(form, http)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private Response handle(FormBody form, HttpServerRequest http) {
        String requestId = UUID.randomUUID().toString();
        Parsed parsed;
        try {
            parsed = parse(form);
        } catch (Invalid e) {
            return refused(new StsXml.StsError(e.code, 400), e.getMessage(), Reason.INVALID_REQUEST, requestId);
        }
        Selection selection = roles.select(parsed.roleArn);
        String role;
        if (selection instanceof Selection.Found found) {
            role = found.role();
        } else if (selection instanceof Selection.Ambiguous) {
            return refused(new StsXml.StsError("ValidationError", 400), "several broker roles use this RoleArn and none is named"
                    + " after it; ask the operator to name one role like the IAM role", Reason.INVALID_REQUEST, requestId);
        } else {
            return refused(new StsXml.StsError("AccessDenied", 403), "Not authorized to perform sts:AssumeRoleWithWebIdentity:"
                    + " no broker role grants this RoleArn", Reason.UNKNOWN_ROLE, requestId);
        }
        String client = ClientAddress.of(http);
        try {
            ExchangeResult result = exchange.exchange(new ExchangeRequest(parsed.token, role, Optional.empty(),
                    parsed.duration, Optional.of(AwsKind.NAME), client));
            if (!(result.credential() instanceof IssuedCredential.AwsSession session)) {
                return error(StsXml.errorOf(Reason.UPSTREAM_UNAVAILABLE), "the role did not yield AWS credentials",
                        result.decisionId(), null);
            }
            return Response.ok(StsXml.success(session, result.decisionId()), MediaType.TEXT_XML)
                    .header("x-amzn-RequestId", result.decisionId()).header("Cache-Control", "no-store").build();
        } catch (ExchangeFailure failure) {
            return error(StsXml.errorOf(failure.reason()), failure.description() + " (reason " + failure.reason().code()
                    + ", decision " + failure.decisionId() + ")", failure.decisionId(), failure.retryAfter().orElse(null));
        }
    }

    /**
     * A request refused before any token is looked at: no decision was made (and none audited), so the message ends
     * with the reason and the request id, as an exchange's ends with the reason and the decision id.
     */
    private static Response refused(StsXml.StsError error, String message, Reason reason, String requestId) {
        return error(error, message + " (reason " + reason.code() + ", request " + requestId + ")", requestId, null);
    }

    private static Response error(StsXml.StsError error, String message, String requestId, Duration retryAfter) {
        return StsXml.response(error, message, requestId, retryAfter);
    }

    record Parsed(String roleArn, String token, Optional<Duration> duration) {}

    static Parsed parse(FormBody form) {
        Optional<String> repeated = form.repeated();
        if (repeated.isPresent()) {
            throw new Invalid("ValidationError", "parameter " + CallerText.quoted(repeated.get()) + " is repeated");
        }
        String action = form.first("Action");
        if (!ACTION.equals(action)) {
            throw new Invalid("InvalidAction", "this endpoint implements only Action=" + ACTION);
        }
        String version = form.first("Version");
        if (version != null && !VERSION.equals(version)) {
            throw new Invalid("InvalidAction", "Version must be " + VERSION);
        }
        for (String key : form.names()) {
            if (key.equals("Policy") || key.startsWith("PolicyArns") || key.equals("ProviderId")) {
                throw new Invalid("ValidationError", CallerText.bounded(key)
                        + " is not supported by the broker: the role's session policy applies");
            }
        }
        String roleArn = required(form, "RoleArn", 20, 2048);
        String token = required(form, "WebIdentityToken", 4, 20_000);
        String sessionName = required(form, "RoleSessionName", AwsLimits.SESSION_NAME_MIN, AwsLimits.SESSION_NAME_MAX);
        if (!AwsLimits.SESSION_NAME.matcher(sessionName).matches()) {
            throw new Invalid("ValidationError", "RoleSessionName must satisfy " + AwsLimits.SESSION_NAME);
        }
        Optional<Duration> duration = Optional.empty();
        String seconds = form.first("DurationSeconds");
        if (seconds != null) {
            try {
                long s = Long.parseLong(seconds.strip());
                if (s < AwsLimits.MIN_DURATION.toSeconds() || s > AwsLimits.MAX_DURATION.toSeconds()) {
                    throw new Invalid("ValidationError", "DurationSeconds must be between " + AwsLimits.MIN_DURATION.toSeconds()
                            + " and " + AwsLimits.MAX_DURATION.toSeconds());
                }
                duration = Optional.of(Duration.ofSeconds(s));
            } catch (NumberFormatException e) {
                throw new Invalid("ValidationError", "DurationSeconds must be a number of seconds");
            }
        }
        return new Parsed(roleArn, token, duration);
    }

    private static String required(FormBody form, String name, int min, int max) {
        String value = form.first(name);
        if (value == null || value.isEmpty()) {
            throw new Invalid("ValidationError", name + " is required");
        }
        if (value.length() < min || value.length() > max) {
            throw new Invalid("ValidationError", name + " must be " + min + " to " + max + " characters");
        }
        return value;
    }

    /** A request STS itself would refuse before looking at the token. */
    static final class Invalid extends RuntimeException {
        final String code;

        Invalid(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
