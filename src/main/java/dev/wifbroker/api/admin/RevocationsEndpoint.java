package dev.wifbroker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.text.CallerText;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code /admin/v1/revocations}: list, add ({@code {"kind": "role|subject|jti", "value": "...",
 * "reason": "...", "expiresAt": "2026-12-01T00:00:00Z"}}) and remove revocations; effective on the next
 * exchange. Subjects are written {@code issuer|sub}.
 */
@ApplicationScoped
public class RevocationsEndpoint {
    private static final Logger LOG = Logger.getLogger(RevocationsEndpoint.class);
    private final Revocations revocations;

    public RevocationsEndpoint(Revocations revocations) {
        this.revocations = revocations;
    }

    AdminRoutes.AdminResponse list() {
        // The kind as it is written in a request (role, subject, jti), so a listed entry can be lifted as listed.
        List<Map<String, Object>> entries = revocations.list().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind().id());
            m.put("value", r.value());
            m.put("reason", r.reason());
            m.put("createdAt", r.createdAt());
            m.put("expiresAt", r.expiresAt());
            return m;
        }).toList();
        return new AdminRoutes.AdminResponse(200, Map.of("revocations", entries));
    }

    AdminRoutes.AdminResponse add(JsonNode body) {
        Parsed p = parse(body);
        if (p.error != null) {
            return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request", p.error));
        }
        String reason = body.path("reason").asText("");
        Instant expiresAt = null;
        if (body.hasNonNull("expiresAt")) {
            try {
                expiresAt = Instant.parse(body.get("expiresAt").asText());
            } catch (DateTimeParseException e) {
                return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request",
                        "expiresAt must be an RFC 3339 UTC time such as 2026-12-01T00:00:00Z"));
            }
        }
        Revocation r;
        try {
            r = revocations.add(p.kind, p.value, reason, expiresAt);
        } catch (StoreUnavailableException e) {
            return storeDown(e);
        }
        LOG.infof("revocation added: %s %s (%s)", r.kind().id(), CallerText.bounded(r.value()), CallerText.bounded(reason));
        return new AdminRoutes.AdminResponse(201, r);
    }

    AdminRoutes.AdminResponse remove(JsonNode body) {
        Parsed p = parse(body);
        if (p.error != null) {
            return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request", p.error));
        }
        boolean removed;
        try {
            removed = revocations.remove(p.kind, p.value);
        } catch (StoreUnavailableException e) {
            return storeDown(e);
        }
        LOG.infof("revocation removed: %s %s (%s)", p.kind.id(), CallerText.bounded(p.value), removed ? "was present" : "was absent");
        return new AdminRoutes.AdminResponse(removed ? 200 : 404, Map.of("removed", removed));
    }

    /** Not recorded anywhere: the operator must retry, because other replicas could not see it. */
    private static AdminRoutes.AdminResponse storeDown(StoreUnavailableException e) {
        LOG.warnf("revocation change refused: %s", e.getMessage());
        return new AdminRoutes.AdminResponse(503, AdminRoutes.error("upstream_unavailable",
                "the shared state store is unavailable; the change was not recorded, retry"));
    }

    private record Parsed(Revocation.Kind kind, String value, String error) {}

    private static Parsed parse(JsonNode body) {
        String kind = body.path("kind").asText(null);
        String value = body.path("value").asText(null);
        if (kind == null || value == null || value.isBlank()) {
            return new Parsed(null, null, "fields 'kind' (role, subject or jti) and 'value' are required");
        }
        try {
            return new Parsed(Revocation.Kind.parse(kind), value, null);
        } catch (IllegalArgumentException e) {
            return new Parsed(null, null, e.getMessage());
        }
    }
}
