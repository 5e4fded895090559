package dev.wifbroker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.text.CallerText;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Operator endpoints on the management interface (loopback by default). Each handler takes and
 * returns JSON; a body that is not what the endpoint expects gets a 400 naming the problem, one that is
 * not JSON a 415, one over {@value #MAX_BODY_BYTES} bytes a 413 ({@link ManagementErrors}).
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

    public AdminRoutes(ObjectMapper json, VerifyEndpoint verify, RevocationsEndpoint revocations, PolicyStatusEndpoint policy,
            ExplainEndpoint explain) {
        this.json = json;
        this.verify = verify;
        this.revocations = revocations;
        this.policy = policy;
        this.explain = explain;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        ManagementErrors.register(router);
        // Ahead of the management interface's own body handler, so a body is judged before it is decoded.
        router.route("/admin/*").order(Integer.MIN_VALUE + 1).handler(ManagementErrors::gate);
        router.route("/admin/*").handler(BodyHandler.create(false));
        router.post("/admin/v1/verify").blockingHandler(rc -> handle(rc, verify::handle), false);
        router.post("/admin/v1/explain").blockingHandler(rc -> handle(rc, explain::handle), false);
        router.get("/admin/v1/revocations").handler(rc -> respond(rc, revocations.list()));
        // Blocking: in clustered mode a change is written to Redis before it is acknowledged.
        router.post("/admin/v1/revocations").blockingHandler(rc -> handle(rc, revocations::add), false);
        router.delete("/admin/v1/revocations").blockingHandler(rc -> handle(rc, revocations::remove), false);
        router.get("/admin/v1/policy").handler(rc -> respond(rc, policy.status()));
        router.get("/admin/v1/roles").handler(rc -> respond(rc, policy.roles()));
        router.get("/admin/v1/issuers").handler(rc -> respond(rc, policy.issuers()));
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
        if (body == null || !body.isObject()) {
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
