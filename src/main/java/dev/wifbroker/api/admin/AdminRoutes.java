package dev.wifbroker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.audit.AuditEvent;
import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.credential.admin.AdminPermission;
import dev.wifbroker.http.RetryAfter;
import dev.wifbroker.text.CallerText;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Operator endpoints on the management interface (loopback by default). Every {@code /admin/*} request is first
 * authenticated here ({@link AdminAccess}: 401 without a valid admin token), each route below names the
 * {@link AdminPermission} it needs (403 without it), and every call is one audit event naming the operator,
 * refusals included. Each handler takes and returns JSON; a body that is not what the endpoint expects gets a
 * 400 naming the problem, one that is not JSON a 415, one over {@value #MAX_BODY_BYTES} bytes a 413
 * ({@link ManagementErrors}).
 */
@ApplicationScoped
public class AdminRoutes {
    private static final Logger LOG = Logger.getLogger(AdminRoutes.class);
    private static final ObjectMapper ERRORS = new ObjectMapper();
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper json;
    private final VerifyEndpoint verify;
    private final RevocationsEndpoint revocations;
    private final PolicyStatusEndpoint policy;
    private final ExplainEndpoint explain;
    private final KeysEndpoint keys;
    private final DecisionsEndpoint decisions;
    private final HealthEndpoint health;
    private final AdminAccess access;
    private final AuditLog audit;
    private final Clock clock;

    public AdminRoutes(ObjectMapper json, VerifyEndpoint verify, RevocationsEndpoint revocations, PolicyStatusEndpoint policy,
            ExplainEndpoint explain, KeysEndpoint keys, DecisionsEndpoint decisions, HealthEndpoint health, AdminAccess access, AuditLog audit,
            Clock clock) {
        this.json = json;
        this.verify = verify;
        this.revocations = revocations;
        this.policy = policy;
        this.explain = explain;
        this.keys = keys;
        this.decisions = decisions;
        this.health = health;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        ManagementErrors.register(router);
        router.route("/admin/*").order(Integer.MIN_VALUE).handler(ManagementErrors::relax);
        // First of all: who is calling, before any body is read or judged.
        router.route("/admin/*").order(Integer.MIN_VALUE + 1).handler(this::authenticate);
        // Ahead of the management interface's own body handler, so a body is judged before it is decoded.
        router.route("/admin/*").order(Integer.MIN_VALUE + 2).handler(ManagementErrors::gate);
        router.route("/admin/*").handler(BodyHandler.create(false));
        allow(router.post("/admin/v1/verify"), AdminPermission.EXPLAIN).blockingHandler(rc -> handle(rc, verify::handle), false);
        allow(router.post("/admin/v1/explain"), AdminPermission.EXPLAIN).blockingHandler(rc -> handle(rc, explain::handle), false);
        allow(router.get("/admin/v1/revocations"), AdminPermission.READ).handler(rc -> respond(rc, revocations.list()));
        // Blocking: in clustered mode a change is written to Redis before it is acknowledged.
        allow(router.post("/admin/v1/revocations"), AdminPermission.REVOKE).blockingHandler(rc -> handle(rc, revocations::add), false);
        allow(router.delete("/admin/v1/revocations"), AdminPermission.REVOKE).blockingHandler(rc -> handle(rc, revocations::remove), false);
        allow(router.get("/admin/v1/policy"), AdminPermission.READ).handler(rc -> respond(rc, policy.status()));
        allow(router.get("/admin/v1/roles"), AdminPermission.READ).handler(rc -> respond(rc, policy.roles()));
        allow(router.get("/admin/v1/issuers"), AdminPermission.READ).handler(rc -> respond(rc, policy.issuers()));
        // Blocking: the state store's check pings Redis.
        allow(router.get("/admin/v1/health"), AdminPermission.READ).blockingHandler(rc -> respond(rc, health.health()), false);
        allow(router.get("/admin/v1/keys"), AdminPermission.READ).handler(rc -> respond(rc, keys.keys()));
        // Blocking: each listed denial is explained again, up to the ring's whole capacity.
        allow(router.get("/admin/v1/decisions"), AdminPermission.READ).blockingHandler(rc -> respond(rc, decisions.list(rc.queryParams())), false);
        allow(router.get("/admin/v1/decisions/:id"), AdminPermission.READ).blockingHandler(rc -> respond(rc, decisions.one(rc.pathParam("id"))), false);
    }

    private static final String OPERATOR = "wif.operator";
    private static final String REFUSAL = "wif.refusal";

    /** The route's one permission check, written beside the route so the table above is the whole access policy. */
    private static Route allow(Route route, AdminPermission permission) {
        return route.handler(rc -> {
            try {
                ((Operator) rc.get(OPERATOR)).require(permission);
                rc.next();
            } catch (AdminRefusal r) {
                refuse(rc, r);
            }
        });
    }

    /** Every {@code /admin/*} request: the operator, or a 401; audited once its answer is out, whatever it was. */
    private void authenticate(RoutingContext rc) {
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        rc.addEndHandler(done -> auditCall(rc, authorization));
        try {
            rc.put(OPERATOR, access.caller(authorization));
            rc.next();
        } catch (AdminRefusal r) {
            refuse(rc, r);
        }
    }

    private static void refuse(RoutingContext rc, AdminRefusal r) {
        rc.put(REFUSAL, r.reason());
        if (r.status() == 401) {
            // RFC 6750 §3: error=invalid_token only when a token was presented.
            rc.response().putHeader("WWW-Authenticate", "token_missing".equals(r.reason()) ? "Bearer realm=\"wif-broker-admin\""
                    : "Bearer realm=\"wif-broker-admin\", error=\"invalid_token\"");
        }
        if (rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING) || rc.request().getHeader(HttpHeaders.CONTENT_LENGTH) != null) {
            // The body stays unread: the connection closes once the refusal is out (and audited: addEndHandler keeps both).
            rc.addEndHandler(v -> rc.request().connection().close());
            rc.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        r.retryAfter().ifPresent(d -> rc.response().putHeader("Retry-After", Long.toString(RetryAfter.seconds(d))));
        rc.response().setStatusCode(r.status()).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(render(r.body()));
    }

    private void auditCall(RoutingContext rc, String authorization) {
        int status = rc.response().getStatusCode();
        AuditEvent.Builder event = AuditEvent.builder("admin", clock.instant()).outcome(status < 400 ? "allow" : "deny")
                .reason(rc.get(REFUSAL)).endpoint(rc.request().method().name() + " " + CallerText.bounded(rc.request().path()))
                .status(status).clientAddress(rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress());
        Operator operator = rc.get(OPERATOR);
        if (operator != null) {
            operator.describe(event);
        } else if (authorization != null) {
            // Who tried, as far as a refused token can say it: its fingerprint, never its text.
            event.tokenFingerprint(Fingerprint.of(authorization.replaceFirst("(?i)^\\s*bearer\\s+", "").strip()));
        }
        audit.record(event.build());
    }

    interface JsonHandler {
        AdminResponse handle(JsonNode body);
    }

    /** A status and a JSON body. */
    /** @param retryAfterSeconds sent as {@code Retry-After} when positive (a retryable refusal) */
    public record AdminResponse(int status, Object body, long retryAfterSeconds) {
        public AdminResponse(int status, Object body) {
            this(status, body, 0);
        }
    }

    private void handle(RoutingContext rc, JsonHandler handler) {
        AdminResponse response;
        JsonNode body;
        if (rc.body() != null && rc.body().length() > MAX_BODY_BYTES) {
            ManagementErrors.respond(rc, 413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        try {
            String text = rc.body() == null ? null : rc.body().asString();
            body = text == null || text.isBlank() ? null : json.readTree(text);
        } catch (Exception e) {
            body = null;
        }
        if (body == null && rc.get(ManagementErrors.LENIENT) != null) {
            // Sent without a JSON media type and not JSON either: say which header would have made it clear.
            response = new AdminResponse(415, error("invalid_request", "request body is not JSON (Content-Type: "
                    + CallerText.bounded(rc.<String>get(ManagementErrors.LENIENT), 100)
                    + "); send a JSON object with Content-Type: application/json (curl: -H 'Content-Type: application/json')"));
        } else if (body == null || !body.isObject()) {
            response = new AdminResponse(400, error("invalid_request", "request body must be a JSON object"));
        } else {
            try {
                response = handler.handle(body);
            } catch (RuntimeException e) {
                LOG.error("admin request failed", e);
                response = new AdminResponse(500, error("internal_error", "the broker failed to process the request"));
            }
        }
        respond(rc, response);
    }

    private void respond(RoutingContext rc, AdminResponse response) {
        try {
            if (response.retryAfterSeconds() > 0) {
                rc.response().putHeader("Retry-After", Long.toString(response.retryAfterSeconds()));
            }
            rc.response().setStatusCode(response.status())
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(json.writeValueAsString(response.body()));
        } catch (Exception e) {
            rc.fail(e);
        }
    }

    /** The operator endpoints' error body; its detail is bounded whatever it quotes. */
    static Map<String, Object> error(String reason, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", false);
        m.put("reason", reason);
        m.put("detail", CallerText.bounded(detail, CallerText.MAX_ERROR_TEXT));
        return m;
    }

    static String render(Map<String, Object> error) {
        try {
            return ERRORS.writeValueAsString(error);
        } catch (Exception e) {
            return "{\"valid\":false,\"reason\":\"internal_error\"}";
        }
    }
}
