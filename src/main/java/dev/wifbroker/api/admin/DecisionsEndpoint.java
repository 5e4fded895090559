package dev.wifbroker.api.admin;

import dev.wifbroker.audit.AuditEvent;
import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.exchange.PolicyDenial;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.explain.ExplainJson;
import dev.wifbroker.policy.explain.Explanation;
import dev.wifbroker.policy.explain.PolicyExplainer;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /admin/v1/decisions?role=&reason=&issuer=&decision_id=&limit=} and {@code /admin/v1/decisions/{id}}:
 * this replica's recent exchange decisions ({@link dev.wifbroker.audit.RecentDecisions}), newest first. A denial by
 * policy carries its trace (every rule, every condition) and, while the policy set that decided is still in force,
 * explain's near-miss hints. Subjects appear as fingerprints; tokens never appear, only their fingerprints.
 */
@ApplicationScoped
public class DecisionsEndpoint {
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> FILTERS = Set.of("role", "reason", "issuer", "decision_id", "limit");

    private final AuditLog audit;
    private final PolicyRuntime policies;

    public DecisionsEndpoint(AuditLog audit, PolicyRuntime policies) {
        this.audit = audit;
        this.policies = policies;
    }

    AdminRoutes.AdminResponse list(MultiMap query) {
        for (String name : query.names()) {
            if (!FILTERS.contains(name)) {
                return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request",
                        "unknown query parameter '" + name + "' (known: decision_id, issuer, limit, reason, role)"));
            }
        }
        int limit = DEFAULT_LIMIT;
        if (query.get("limit") != null) {
            String text = query.get("limit");
            if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) < 1) {
                return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request", "limit must be a positive integer"));
            }
            limit = Math.min(Integer.parseInt(text), audit.recent().capacity());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        Traces traces = new Traces(policies.current());
        for (AuditEvent e : audit.recent().newestFirst()) {
            if (out.size() == limit) {
                break;
            }
            if (matches(query.get("role"), e.role()) && matches(query.get("reason"), e.reason())
                    && matches(query.get("issuer"), e.issuer()) && matches(query.get("decision_id"), e.decisionId())) {
                out.add(view(e, traces));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decisions", out);
        body.put("capacity", audit.recent().capacity());
        return new AdminRoutes.AdminResponse(200, body);
    }

    AdminRoutes.AdminResponse one(String id) {
        return audit.recent().newestFirst().stream().filter(e -> id.equals(e.decisionId())).findFirst()
                .map(e -> new AdminRoutes.AdminResponse(200, view(e, new Traces(policies.current()))))
                .orElseGet(() -> new AdminRoutes.AdminResponse(404, AdminRoutes.error("not_found", "no recent decision with this id on "
                        + "this replica (each replica keeps its own last " + audit.recent().capacity() + "; the audit log keeps all)")));
    }

    /** An empty filter is no filter: an HTML form sends its blank fields too. */
    private static boolean matches(String wanted, String value) {
        return wanted == null || wanted.isEmpty() || wanted.equals(value);
    }

    private static Map<String, Object> view(AuditEvent e, Traces traces) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decisionId", e.decisionId());
        m.put("time", e.time().toString());
        m.put("outcome", e.outcome());
        m.put("reason", e.reason());
        m.put("stage", e.stage());
        m.put("role", e.role());
        m.put("issuer", e.issuer());
        m.put("subjectFingerprint", Fingerprint.of(e.subject()));
        m.put("rule", e.rule());
        m.put("policyVersion", e.policyVersion());
        m.put("credentialKind", e.credentialKind());
        m.put("tokenFingerprint", e.tokenFingerprint());
        m.put("credentialFingerprint", e.credentialFingerprint());
        m.put("clientAddress", e.clientAddress());
        m.put("detail", e.detail());
        // Report-only rules: their verdict beside the enforced one (null for a role without shadow rules).
        m.put("shadow", e.shadow());
        if (e.evaluation() instanceof PolicyDenial denial) {
            m.put("trace", traces.of(denial, e.role()));
        }
        return m;
    }

    /**
     * Denials as explain shows them: rules, conditions, hints. Hints are re-derived from the set in force, so only
     * when that set is the one that decided; otherwise the recorded trace alone, marked so.
     */
    private record Traces(Optional<PolicySet> set, Optional<PolicyExplainer> explainer) {
        Traces(Optional<PolicySet> set) {
            this(set, set.map(PolicyExplainer::new));
        }

        Map<String, Object> of(PolicyDenial denial, String role) {
            String decidedBy = denial.decision().trace().policyVersion();
            if (set.isPresent() && set.get().version().equals(decidedBy)) {
                Explanation explained = explainer.orElseThrow().explain(denial.identity(), Optional.ofNullable(role), true);
                if (!explained.roles().isEmpty()) {
                    return ExplainJson.role(explained.roles().get(0));
                }
            }
            Map<String, Object> recorded = new LinkedHashMap<>(ExplainJson.role(
                    new Explanation.RoleExplanation(role, denial.decision(), List.of(), Optional.empty())));
            recorded.put("hintsOmitted", "the policy set that decided (" + decidedBy + ") is no longer in force");
            return recorded;
        }
    }
}
