package dev.wifbroker.api.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wifbroker.api.admin.AdminRefusal;
import dev.wifbroker.api.admin.AdminRoutes.AdminResponse;
import dev.wifbroker.api.admin.ConsoleViews;
import dev.wifbroker.api.admin.Operator;
import dev.wifbroker.credential.admin.AdminPermission;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's pages: each takes what the matching {@code /admin/v1/*} endpoint answers ({@link ConsoleViews}),
 * as plain maps, and renders it with its Qute template under {@code templates/console/}. Qute escapes every value
 * (the templates are {@code .html}); nothing here builds markup.
 */
@ApplicationScoped
public class ConsolePages {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private final Engine qute;
    private final ObjectMapper json;
    private final ConsoleViews views;
    private final RoleViews roles;
    private final byte[] css;

    public ConsolePages(Engine qute, ObjectMapper json, ConsoleViews views, RoleViews roles) {
        this.qute = qute;
        this.json = json;
        this.views = views;
        this.roles = roles;
        try (InputStream in = ConsolePages.class.getResourceAsStream("/console/console.css")) {
            this.css = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void css(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "text/css; charset=utf-8").putHeader("Cache-Control", "max-age=300")
                .end(io.vertx.core.buffer.Buffer.buffer(css));
    }

    void overview(RoutingContext rc, Operator op) throws AdminRefusal {
        render(rc, 200, page("overview", "Overview", op)
                .data("policy", body(views.policy(op)))
                .data("issuers", views.issuerKeys(op))
                .data("keys", list(body(views.keys(op)), "keys"))
                .data("health", body(views.readiness(op))));
    }

    void roles(RoutingContext rc, Operator op) throws AdminRefusal {
        op.require(AdminPermission.READ);
        render(rc, 200, page("roles", "Roles", op).data("roles", roles.all()));
    }

    void explainForm(RoutingContext rc, Operator op) {
        render(rc, 200, explainPage(op, "", "", "").data("result", null));
    }

    void explain(RoutingContext rc, Operator op, MultiMap form) throws AdminRefusal {
        String input = form.get("input") == null ? "" : form.get("input").strip();
        String role = form.get("role") == null ? "" : form.get("role");
        String issuer = form.get("issuer") == null ? "" : form.get("issuer");
        ObjectNode request = json.createObjectNode();
        if (!role.isBlank()) {
            request.put("role", role);
        }
        AdminResponse response;
        if (input.startsWith("{")) {
            try {
                request.set("claims", json.readTree(input));
            } catch (IOException e) {
                render(rc, 400, explainPage(op, input, role, issuer).data("result", explainResult(
                        Map.of("reason", "invalid_request", "detail", "the claims are not valid JSON"))));
                return;
            }
            request.put("issuer", issuer);
        } else {
            request.put("token", input);
        }
        response = views.explain(op, request);
        Map<String, Object> result = explainResult(body(response));
        render(rc, 200, explainPage(op, input, role, issuer).data("result", result));
    }

    /**
     * The explain endpoint's three answers as one shape: an explanation; a verification failure with the explanation
     * of the unverified claims; or a refusal ({@code reason}, {@code detail}).
     */
    private static Map<String, Object> explainResult(Map<String, Object> answer) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean explained = answer.containsKey("roles");
        out.put("explanation", explained ? answer : answer.get("explanation"));
        out.put("verification", answer.get("verification"));
        out.put("error", explained || answer.containsKey("verification") ? null : answer);
        return out;
    }

    private TemplateInstance explainPage(Operator op, String input, String role, String issuer) {
        return page("explain", "Explain", op).data("input", input).data("role", role).data("issuer", issuer)
                .data("roleNames", roles.names()).data("issuerNames", roles.issuerNames());
    }

    void decisions(RoutingContext rc, Operator op) throws AdminRefusal {
        MultiMap query = rc.queryParams();
        String id = query.get("decision_id");
        Map<String, Object> selected = null;
        if (id != null && !id.isBlank()) {
            AdminResponse one = views.decision(op, id.strip());
            selected = one.status() == 200 ? body(one) : Map.of("missing", id.strip());
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String f : List.of("role", "reason", "issuer", "decision_id")) {
            filters.put(f, query.get(f) == null ? "" : query.get(f));
        }
        // "live" is the page's own (it reloads itself); the decisions endpoint refuses parameters it does not know.
        boolean live = "1".equals(query.get("live"));
        MultiMap filterQuery = MultiMap.caseInsensitiveMultiMap().addAll(query).remove("live");
        AdminResponse listed = views.decisions(op, filterQuery);
        if (listed.status() != 200) {
            message(rc, listed.status(), op, "Decisions", String.valueOf(body(listed).get("detail")), false);
            return;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object o : list(body(listed), "decisions")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> d = withShadow((Map<String, Object>) o);
            rows.add(d);
        }
        render(rc, 200, page("decisions", "Decisions", op).data("filters", filters).data("decisions", rows).data("live", live)
                .data("selected", selected == null || selected.containsKey("missing") ? selected : withShadow(selected)));
    }

    /**
     * A decision with its shadow (report-only) verdict as one line, and whether it disagrees with the enforced one;
     * both empty while the decision has no shadow field (a role without shadow rules, or a broker without them).
     */
    private static Map<String, Object> withShadow(Map<String, Object> decision) {
        Map<String, Object> d = new LinkedHashMap<>(decision);
        String text = "";
        boolean disagrees = false;
        if (d.get("shadow") instanceof Map<?, ?> shadow) {
            disagrees = "disagree".equals(shadow.get("agreement"));
            StringBuilder b = new StringBuilder().append(shadow.get("outcome"));
            for (String k : List.of("reason", "claim", "rule")) {
                if (shadow.get(k) != null) {
                    b.append(k.equals("claim") ? " on " : " ").append(shadow.get(k));
                }
            }
            text = b.append(disagrees ? " (disagrees)" : " (agrees)").toString();
        }
        d.put("shadowText", text);
        d.put("shadowDisagrees", disagrees);
        return d;
    }

    void revocations(RoutingContext rc, Operator op) throws AdminRefusal {
        revocationsPage(rc, op, 200, null);
    }

    private void revocationsPage(RoutingContext rc, Operator op, int status, Map<String, Object> outcome) throws AdminRefusal {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Object o : list(body(views.revocations(op)), "revocations")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = new LinkedHashMap<>((Map<String, Object>) o);
            r.put("liftHref", "/console/revocations/lift?kind=" + query(r.get("kind")) + "&value=" + query(r.get("value")));
            rows.add(r);
        }
        render(rc, status, page("revocations", "Revocations", op).data("revocations", rows).data("outcome", outcome));
    }

    void revoke(RoutingContext rc, Operator op, MultiMap form) throws AdminRefusal {
        ObjectNode request = json.createObjectNode();
        request.put("kind", form.get("kind"));
        request.put("value", form.get("value"));
        request.put("reason", form.get("reason") == null ? "" : form.get("reason"));
        if (form.get("expiresAt") != null && !form.get("expiresAt").isBlank()) {
            request.put("expiresAt", form.get("expiresAt").strip());
        }
        AdminResponse response = views.revoke(op, request);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("ok", response.status() == 201);
        outcome.put("text", response.status() == 201 ? "Revoked " + form.get("kind") + " " + form.get("value")
                : String.valueOf(body(response).get("detail")));
        revocationsPage(rc, op, response.status() == 201 ? 200 : response.status(), outcome);
    }

    void confirmLift(RoutingContext rc, Operator op) {
        render(rc, 200, page("revocations", "Lift a revocation", op, "console/lift")
                .data("kind", rc.queryParams().get("kind") == null ? "" : rc.queryParams().get("kind"))
                .data("value", rc.queryParams().get("value") == null ? "" : rc.queryParams().get("value")));
    }

    void lift(RoutingContext rc, Operator op, MultiMap form) throws AdminRefusal {
        ObjectNode request = json.createObjectNode();
        request.put("kind", form.get("kind"));
        request.put("value", form.get("value"));
        AdminResponse response = views.lift(op, request);
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("ok", response.status() == 200);
        outcome.put("text", switch (response.status()) {
            case 200 -> "Lifted " + form.get("kind") + " " + form.get("value");
            case 404 -> "No such revocation: " + form.get("kind") + " " + form.get("value");
            default -> String.valueOf(body(response).get("detail"));
        });
        revocationsPage(rc, op, response.status(), outcome);
    }

    void signedIn(RoutingContext rc) {
        render(rc, 200, qute.getTemplate("console/signed-in").instance().data("title", "Signed in").data("operator", null));
    }

    /** A short page saying what happened; {@code offerLogin} adds a link to sign in (again). */
    void message(RoutingContext rc, int status, Operator op, String title, String text, boolean offerLogin) {
        render(rc, status, page("message", title, op, "console/message").data("text", text).data("offerLogin", offerLogin));
    }

    private TemplateInstance page(String page, String title, Operator op) {
        return page(page, title, op, "console/" + page);
    }

    private TemplateInstance page(String page, String title, Operator op, String template) {
        return qute.getTemplate(template).instance().data("page", page).data("title", title).data("operator", op == null ? null
                : operatorView(op));
    }

    private Map<String, Object> operatorView(Operator op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", op.subject());
        m.put("role", op.role() == null ? "" : op.role());
        m.put("permissions", op.permissions().stream().map(AdminPermission::id).sorted().toList());
        m.put("expiresAt", op.expiresAt() == null ? "" : op.expiresAt().toString());
        return m;
    }

    /** Every page gets the session's CSRF token for its forms (sign-out included). */
    private void render(RoutingContext rc, int status, TemplateInstance page) {
        String token = ConsoleCookies.session(rc);
        String html = page.data("csrf", token == null ? "" : ConsoleCookies.csrf(token)).render();
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
    }

    private Map<String, Object> body(AdminResponse response) {
        return json.convertValue(response.body(), MAP);
    }

    private static String query(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> body, String key) {
        Object v = body.get(key);
        return v instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
