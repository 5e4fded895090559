package dev.wifbroker.api;

import dev.wifbroker.api.aws.ContainerCredentialsResource;
import dev.wifbroker.api.aws.StsXml;
import dev.wifbroker.api.oauth.OAuthError;
import jakarta.ws.rs.core.Response;

/**
 * The error format of the endpoint a request was aimed at, chosen by path, for failures that happen
 * before (or instead of) the endpoint: STS {@code ErrorResponse} XML on the facade ({@code /} and
 * {@code /v1/aws/sts}), the container-credentials JSON under {@code /v1/aws/credentials}, OAuth JSON
 * everywhere else on the main port.
 */
public enum ErrorFormat {
    OAUTH, STS_XML, CONTAINER_JSON;

    public static ErrorFormat forPath(String path) {
        String p = path == null ? "" : path;
        if (p.equals("/") || p.equals("/v1/aws/sts") || p.startsWith("/v1/aws/sts/")) {
            return STS_XML;
        }
        if (p.equals("/v1/aws/credentials") || p.startsWith("/v1/aws/credentials/")) {
            return CONTAINER_JSON;
        }
        return OAUTH;
    }

    /** A caller's mistake answered with {@code status} (4xx) and a fixed or bounded description. */
    public Response rejected(int status, String description) {
        return switch (this) {
            case OAUTH -> OAuthError.rejected(status, description);
            case STS_XML -> StsXml.rejected(status, description);
            // The Java SDK reads a 404 from its credentials URL as "no credentials here", never as an error.
            case CONTAINER_JSON -> ContainerCredentialsResource.rejected(status == 404 ? 400 : status, description);
        };
    }

    /** The broker's own failure, quoting the id of the one log line that describes it. */
    public Response unexpected(String id) {
        String description = "the broker failed unexpectedly; quote " + id;
        return switch (this) {
            case OAUTH -> OAuthError.unexpected(id);
            case STS_XML -> StsXml.rejected(500, description);
            case CONTAINER_JSON -> ContainerCredentialsResource.rejected(500, description);
        };
    }
}
