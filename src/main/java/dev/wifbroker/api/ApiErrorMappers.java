package dev.wifbroker.api;

import dev.wifbroker.api.oauth.OAuthError;
import dev.wifbroker.reason.Reason;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place framework-level failures become client-safe JSON: wrong media type, wrong method,
 * unparseable input. Nothing here echoes exception text; unexpected failures get an id to find the log.
 */
public class ApiErrorMappers {
    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return withStatus(415, "request body must be application/x-www-form-urlencoded");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e) {
        return withStatus(405, "method not allowed on this endpoint");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        return withStatus(status, status == 404 ? "not found" : "the request could not be read");
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s", id);
        return Response.status(500).type("application/json").header("Cache-Control", "no-store")
                .entity(new OAuthError("server_error", "the broker failed unexpectedly; quote " + id, "internal_error", id))
                .build();
    }

    private static Response withStatus(int status, String description) {
        return Response.status(status).type("application/json").header("Cache-Control", "no-store")
                .entity(new OAuthError(Reason.INVALID_REQUEST.oauthError(), description, Reason.INVALID_REQUEST.code(), null))
                .build();
    }
}
