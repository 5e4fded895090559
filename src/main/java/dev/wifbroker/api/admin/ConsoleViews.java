package dev.wifbroker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wifbroker.api.admin.AdminRoutes.AdminResponse;
import dev.wifbroker.credential.admin.AdminPermission;
import dev.wifbroker.identity.TrustedIssuers;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the web console ({@code api.console}) reads and changes, through the same endpoint beans as
 * {@code /admin/v1/*}, so a page shows exactly what the API answers. Each call checks the operator's permission
 * itself (the console checks it for the page too).
 */
@ApplicationScoped
public class ConsoleViews {
    private final AdminAccess access;
    private final PolicyStatusEndpoint policy;
    private final ExplainEndpoint explain;
    private final RevocationsEndpoint revocations;
    private final KeysEndpoint keys;
    private final DecisionsEndpoint decisions;
    private final PolicyRuntime policies;
    private final HealthEndpoint health;
    private final Clock clock;

    public ConsoleViews(AdminAccess access, PolicyStatusEndpoint policy, ExplainEndpoint explain, RevocationsEndpoint revocations,
            KeysEndpoint keys, DecisionsEndpoint decisions, PolicyRuntime policies, HealthEndpoint health,
            Clock clock) {
        this.access = access;
        this.policy = policy;
        this.explain = explain;
        this.revocations = revocations;
        this.keys = keys;
        this.decisions = decisions;
        this.policies = policies;
        this.health = health;
        this.clock = clock;
    }

    /** The operator a console session's admin token proves (401 refusal otherwise). */
    public Operator authenticate(String adminToken) throws AdminRefusal {
        return access.authenticate(adminToken);
    }

    public AdminResponse policy(Operator op) throws AdminRefusal {
        op.require(AdminPermission.READ);
        return policy.status();
    }

    /** Per issuer in force: its keys (count, fetched when, how old) and the last fetch error. */
    public List<Map<String, Object>> issuerKeys(Operator op) throws AdminRefusal {
        op.require(AdminPermission.READ);
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrustedIssuers.KeyStatus k : policies.trustedIssuers().keyStatus()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k.name());
            m.put("url", k.url());
            m.put("keyCount", k.keyCount());
            m.put("fetchedAt", k.fetchedAt() == null ? "" : k.fetchedAt().toString());
            m.put("age", k.fetchedAt() == null ? "no keys yet" : age(Duration.between(k.fetchedAt(), clock.instant())));
            m.put("lastError", k.lastError() == null ? "" : k.lastError());
            out.add(m);
        }
        return out;
    }

    public AdminResponse keys(Operator op) throws AdminRefusal {
        op.require(AdminPermission.READ);
        return keys.keys();
    }

    /** Readiness with its detail (policy, signing keys, state store), as {@code GET /admin/v1/health}. */
    public AdminResponse readiness(Operator op) throws AdminRefusal {
        op.require(AdminPermission.READ);
        return health.health();
    }

    public AdminResponse explain(Operator op, JsonNode request) throws AdminRefusal {
        op.require(AdminPermission.EXPLAIN);
        return explain.handle(request);
    }

    public AdminResponse decisions(Operator op, MultiMap query) throws AdminRefusal {
        op.require(AdminPermission.READ);
        return decisions.list(query);
    }

    public AdminResponse decision(Operator op, String id) throws AdminRefusal {
        op.require(AdminPermission.READ);
        return decisions.one(id);
    }

    public AdminResponse revocations(Operator op) throws AdminRefusal {
        op.require(AdminPermission.READ);
        return revocations.list();
    }

    public AdminResponse revoke(Operator op, JsonNode request) throws AdminRefusal {
        op.require(AdminPermission.REVOKE);
        return revocations.add(request);
    }

    public AdminResponse lift(Operator op, JsonNode request) throws AdminRefusal {
        op.require(AdminPermission.REVOKE);
        return revocations.remove(request);
    }

    private static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s / 3600 + " h";
    }
}
