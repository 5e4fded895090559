package dev.wifbroker.api.admin;

import dev.wifbroker.text.CallerText;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * JSON errors for the whole management interface, in the operator endpoints' shape
 * ({@code {valid: false, reason, detail}}): unknown paths (404), wrong methods (405), bodies that are not
 * JSON (415) or too large (413), unreadable requests (400), instead of Vert.x's HTML pages and Quarkus's
 * stack-trace bodies. A caller's mistake is at most one DEBUG line; the broker's own failures are logged
 * once with the id the answer quotes.
 */
final class ManagementErrors {
    private static final Logger LOG = Logger.getLogger(ManagementErrors.class);
    private static final Map<Integer, String> DETAILS = Map.of(
            400, "the request could not be read",
            404, "no endpoint at this path",
            405, "method not allowed on this endpoint",
            413, "request body is larger than " + AdminRoutes.MAX_BODY_BYTES + " bytes",
            415, "request body must be JSON sent with Content-Type: application/json (curl: -H 'Content-Type: application/json')");

    /**
     * The read-only endpoints that also take a JSON body sent without a JSON media type (none, text/plain, or
     * curl -d's form type), so {@code curl -d '{"token": "…"}'} works as a user expects. Never the revocation
     * endpoints, and never from a browser page (see {@link #lenient}).
     */
    private static final java.util.Set<String> LENIENT_PATHS = java.util.Set.of("/admin/v1/verify", "/admin/v1/explain");

    /** Marks a request whose body is taken as JSON although its media type did not say so. */
    static final String LENIENT = "wif.lenient-content-type";

    private ManagementErrors() {}

    static void register(Router router) {
        // Before every other failure handler (Quarkus's renders stack traces in dev and test).
        router.route().order(Integer.MIN_VALUE).failureHandler(ManagementErrors::failed);
        for (int status : DETAILS.keySet()) {
            router.errorHandler(status, rc -> respond(rc, status, DETAILS.get(status)));
        }
        router.errorHandler(500, ManagementErrors::failed);
    }

    /**
     * Refuses, before the body is read, one declared over {@value AdminRoutes#MAX_BODY_BYTES} bytes (413) or one
     * that is not JSON (415): the management interface's body handler would otherwise decode a form body and
     * fail on it with its own answer. Chunked bodies are measured once read ({@link AdminRoutes}).
     */
    static void gate(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean hasBody = request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.strip().equals("0");
        if (length != null && !length.strip().matches("[0-9]{1,18}")) {
            refuseUnread(rc, 400);
        } else if (length != null && Long.parseLong(length.strip()) > AdminRoutes.MAX_BODY_BYTES) {
            refuseUnread(rc, 413);
        } else if (hasBody && !isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuseUnread(rc, 415);
        } else {
            rc.next();
        }
    }

    /**
     * First of the admin routes: a POST to verify or explain whose media type does not say JSON but is one
     * {@link #lenient} admits is marked (and its media type set to JSON, so {@link #gate} and the admin body handler
     * take it); {@link AdminRoutes} parses its body as JSON or answers 415 naming the header. The interface's own body
     * handler has read it by then, decoding a form-typed one as a form too (limits in application.properties); one
     * that does not even decode as a form is a 415 from {@link #failed}.
     */
    static void relax(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (!isJson(type) && lenient(request)) {
            rc.put(LENIENT, type == null ? "none" : type);
            request.headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
        }
        rc.next();
    }

    /** The body stays unread on the wire: the connection closes once the answer is out. */
    private static void refuseUnread(RoutingContext rc, int status) {
        // addEndHandler, not the response's one handler: the call's audit event is another end handler.
        rc.addEndHandler(v -> rc.request().connection().close());
        rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        respond(rc, status, DETAILS.get(status));
    }

    /**
     * A POST to verify or explain whose media type is absent, {@code text/plain} or form-urlencoded (in UTF-8), from
     * a client that is not a browser page. Browsers send {@code Origin} with every cross-origin POST, and these three
     * types are the ones a page may POST without a CORS preflight: requiring JSON from them keeps a page the operator
     * visits from driving a loopback management interface with {@code broker.admin.auth=none}.
     */
    private static boolean lenient(HttpServerRequest request) {
        if (request.method() != io.vertx.core.http.HttpMethod.POST || !LENIENT_PATHS.contains(request.path())
                || request.getHeader(HttpHeaders.ORIGIN) != null) {
            return false;
        }
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType == null) {
            return true;
        }
        String type = utf8MediaType(contentType);
        return type != null && (type.equals("text/plain") || type.equals("application/x-www-form-urlencoded") || type.isEmpty());
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = utf8MediaType(contentType);
        return type != null && (type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json"));
    }

    /** The lower-case media type of {@code contentType}, or null when it names a charset other than UTF-8. */
    private static String utf8MediaType(String contentType) {
        String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip().replace("\"", "");
            if (p.startsWith("charset=") && !p.equals("charset=utf-8")) {
                return null;
            }
        }
        return parts[0].strip();
    }

    private static void failed(RoutingContext rc) {
        int status = rc.statusCode();
        if (status == -1 && rc.failure() instanceof HttpException http) {
            status = http.getStatusCode();
        }
        if (status == 400 && rc.request().path().startsWith("/admin/") && !isJson(rc.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            // The interface's body handler decodes a form body before any route sees it, and fails on a large one.
            status = 415;
        }
        if (status >= 400 && status < 500) {
            LOG.debugf("refused %s %s: %d", rc.request().method(), CallerText.bounded(rc.request().path()), status);
            respond(rc, status, DETAILS.getOrDefault(status, DETAILS.get(400)));
            return;
        }
        String id = UUID.randomUUID().toString();
        LOG.errorf(rc.failure(), "management request failed unexpectedly %s", id);
        respond(rc, 500, AdminRoutes.error("internal_error", "the broker failed unexpectedly; quote " + id));
    }

    static void respond(RoutingContext rc, int status, String detail) {
        respond(rc, status, AdminRoutes.error("invalid_request", detail));
    }

    private static void respond(RoutingContext rc, int status, Map<String, Object> body) {
        if (rc.response().ended() || rc.response().closed()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(AdminRoutes.render(body));
    }
}
