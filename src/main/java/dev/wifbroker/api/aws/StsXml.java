package dev.wifbroker.api.aws;

import dev.wifbroker.api.ErrorResponses;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.text.CallerText;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.UUID;

/**
 * STS's Query-protocol XML (namespace {@code https://sts.amazonaws.com/doc/2011-06-15/}): the
 * {@code AssumeRoleWithWebIdentityResponse} document and the {@code ErrorResponse} with codes SDKs map to
 * their exception types ({@code InvalidIdentityTokenException}, {@code ExpiredTokenException},
 * {@code IdpCommunicationErrorException}, and {@code StsException} with code {@code AccessDenied}).
 */
public final class StsXml {
    static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";

    private StsXml() {}

    /** An STS error as the facade answers it: wire code and HTTP status. */
    record StsError(String code, int status) {
        String type() {
            return status >= 500 ? "Receiver" : "Sender";
        }
    }

    /**
     * Our reasons as STS errors. Token problems are {@code InvalidIdentityToken} (what STS says for a bad
     * signature, issuer or audience); an unreachable JWKS is {@code IDPCommunicationError}, which SDKs retry;
     * policy refusals, and AWS's own refusal of the broker, are {@code AccessDenied}.
     */
    static StsError errorOf(Reason reason) {
        return switch (reason) {
            case UNSUPPORTED_TOKEN_TYPE, TOKEN_MALFORMED, ISSUER_NOT_TRUSTED, ALGORITHM_NOT_ALLOWED, KEY_NOT_FOUND,
                    SIGNATURE_INVALID, TOKEN_NOT_YET_VALID, TOKEN_TOO_OLD, AUDIENCE_MISMATCH, REPLAY_DETECTED ->
                    new StsError("InvalidIdentityToken", 400);
            case TOKEN_EXPIRED -> new StsError("ExpiredTokenException", 400);
            case JWKS_UNAVAILABLE -> new StsError("IDPCommunicationError", 400);
            case UNKNOWN_ROLE, NO_MATCHING_RULE, DENIED_BY_RULE, REVOKED, SCOPE_NOT_ALLOWED, UPSTREAM_DENIED ->
                    new StsError("AccessDenied", 403);
            case RATE_LIMITED -> new StsError("Throttling", 400);
            case UPSTREAM_UNAVAILABLE -> new StsError("ServiceUnavailable", 503);
            case INVALID_REQUEST -> new StsError("ValidationError", 400);
        };
    }

    /**
     * A request refused before the facade read it (wrong method, path, media type, size or encoding), as
     * STS's {@code ErrorResponse} with a code SDKs show as is.
     */
    public static Response rejected(int status, String message) {
        String code = switch (status) {
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 413 -> "RequestEntityTooLarge";
            case 415 -> "UnsupportedMediaType";
            default -> status >= 500 ? "InternalFailure" : "ValidationError";
        };
        String requestId = UUID.randomUUID().toString();
        String reason = status >= 500 ? "internal_error" : Reason.INVALID_REQUEST.code();
        return response(new StsError(code, status), message + " (reason " + reason + ", request " + requestId + ")", requestId, null);
    }

    /** @param retryAfter the caller's wait before a retry, or null for none */
    static Response response(StsError error, String message, String requestId, Duration retryAfter) {
        return ErrorResponses.retryAfter(ErrorResponses.noStore(error.status(), MediaType.TEXT_XML, error(error, message, requestId))
                .header("x-amzn-RequestId", requestId), retryAfter).build();
    }

    /** The error document; its message follows the same bounded, printable-ASCII rule as OAuth descriptions. */
    static String error(StsError error, String message, String requestId) {
        return """
                <ErrorResponse xmlns="%s">
                  <Error>
                    <Type>%s</Type>
                    <Code>%s</Code>
                    <Message>%s</Message>
                  </Error>
                  <RequestId>%s</RequestId>
                </ErrorResponse>
                """.formatted(NS, error.type(), escape(error.code()), escape(CallerText.errorText(message)), escape(requestId));
    }

    /**
     * The success document: the credentials and the assumed role; STS's optional elements about the token
     * ({@code SubjectFromWebIdentityToken}, {@code Audience}, {@code Provider}) are left out.
     * {@code AssumedRoleId} is {@code <role name>:<session name>} from the assumed-role ARN: STS's own value
     * starts with the role's unique id ({@code AROA…}), which the broker does not learn.
     */
    static String success(IssuedCredential.AwsSession session, String requestId) {
        StringBuilder xml = new StringBuilder(1024);
        xml.append("<AssumeRoleWithWebIdentityResponse xmlns=\"").append(NS).append("\">\n");
        xml.append("  <AssumeRoleWithWebIdentityResult>\n");
        if (session.assumedRoleArn() != null) {
            xml.append("    <AssumedRoleUser>\n");
            element(xml, "      ", "Arn", session.assumedRoleArn());
            element(xml, "      ", "AssumedRoleId", assumedRoleId(session.assumedRoleArn()));
            xml.append("    </AssumedRoleUser>\n");
        }
        xml.append("    <Credentials>\n");
        element(xml, "      ", "AccessKeyId", session.accessKeyId());
        element(xml, "      ", "SecretAccessKey", session.secretAccessKey());
        element(xml, "      ", "SessionToken", session.sessionToken());
        element(xml, "      ", "Expiration", AwsTokens.timestamp(session.expiresAt()));
        xml.append("    </Credentials>\n");
        xml.append("  </AssumeRoleWithWebIdentityResult>\n");
        xml.append("  <ResponseMetadata>\n");
        element(xml, "    ", "RequestId", requestId);
        xml.append("  </ResponseMetadata>\n");
        xml.append("</AssumeRoleWithWebIdentityResponse>\n");
        return xml.toString();
    }

    static String assumedRoleId(String assumedRoleArn) {
        int slash = assumedRoleArn.indexOf(":assumed-role/");
        return slash < 0 ? assumedRoleArn : assumedRoleArn.substring(slash + ":assumed-role/".length()).replace('/', ':');
    }

    private static void element(StringBuilder xml, String indent, String name, String value) {
        if (value != null) {
            xml.append(indent).append('<').append(name).append('>').append(escape(value)).append("</").append(name).append(">\n");
        }
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // XML 1.0 cannot carry most control characters at all.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
