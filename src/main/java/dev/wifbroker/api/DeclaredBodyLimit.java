package dev.wifbroker.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The main port's body cap at the HTTP layer: a request declaring more than {@link FormBodyReader#MAX_BYTES}
 * bytes is answered 413, in the format of the endpoint it was aimed at, before a byte of its body is read
 * (and ahead of Quarkus's own limit, which would answer a bare 413). Bodies without a declared length are
 * cut at the same size by {@link FormBodyReader}.
 */
@ApplicationScoped
public class DeclaredBodyLimit {
    private static final ObjectMapper JSON = new ObjectMapper();

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(DeclaredBodyLimit::check);
    }

    private static void check(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            rc.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            // Netty refuses most such headers itself; whatever it let through is still no length.
            refuse(rc, 400, "Content-Length is not a number");
            return;
        }
        if (declared <= FormBodyReader.MAX_BYTES) {
            rc.next();
            return;
        }
        refuse(rc, 413, FormBodyReader.tooLarge().description());
    }

    private static void refuse(RoutingContext rc, int status, String description) {
        Response r = ErrorFormat.forPath(rc.request().path()).rejected(status, description);
        for (Map.Entry<String, List<Object>> h : r.getHeaders().entrySet()) {
            for (Object v : h.getValue()) {
                rc.response().headers().add(h.getKey(), String.valueOf(v));
            }
        }
        String body;
        try {
            body = r.getEntity() instanceof String s ? s : JSON.writeValueAsString(r.getEntity());
        } catch (Exception e) {
            body = "";
        }
        // The unread body stays on the wire (or never comes): close the connection once the answer is out.
        rc.response().endHandler(v -> rc.request().connection().close());
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONNECTION, "close").end(body);
    }
}
