package dev.wifbroker.api;

import dev.wifbroker.text.CallerText;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place framework-level failures on the main port become client-safe answers in the format of
 * the endpoint the request was aimed at ({@link ErrorFormat}): wrong media type, method or path, a body
 * too large or not decodable. A caller's mistake is at most one DEBUG line; only the broker's own failures
 * are logged as errors, with an id the answer quotes. Nothing here echoes exception text.
 */
public class ApiErrorMappers {
    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @ServerExceptionMapper
    public Response rejected(RequestRejected e, HttpServerRequest http) {
        LOG.debugf("refused %s %s: %d %s", http.method(), CallerText.bounded(http.path()), e.status(), e.description());
        return ErrorFormat.forPath(http.path()).rejected(e.status(), e.description());
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, HttpServerRequest http) {
        return ErrorFormat.forPath(http.path()).rejected(415, "the request body must be application/x-www-form-urlencoded");
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, HttpServerRequest http) {
        Response r = ErrorFormat.forPath(http.path()).rejected(405, "method " + CallerText.bounded(http.method().name())
                + " is not allowed on this endpoint");
        String allow = e.getResponse() == null ? null : e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? r : Response.fromResponse(r).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpServerRequest http) {
        int status = e.getResponse() == null ? 400 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, http);
        }
        String description = switch (status) {
            case 404 -> "no endpoint at this path";
            case 406 -> "the endpoint cannot answer in a media type the Accept header allows";
            default -> "the request could not be read";
        };
        return ErrorFormat.forPath(http.path()).rejected(status < 400 ? 400 : status, description);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest http) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s", id);
        return ErrorFormat.forPath(http.path()).unexpected(id);
    }
}
