package dev.wifbroker.api.admin;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.yaml.DurationText;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /admin/v1/policy}, {@code /roles}, {@code /issuers}: what is in force, and the last reload error. */
@ApplicationScoped
public class PolicyStatusEndpoint {
    private final PolicyRuntime policies;

    public PolicyStatusEndpoint(PolicyRuntime policies) {
        this.policies = policies;
    }

    AdminRoutes.AdminResponse status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("directory", policies.directory().toAbsolutePath().toString());
        m.put("version", policies.current().map(PolicySet::version).orElse(null));
        m.put("roles", policies.current().map(s -> s.roles().size()).orElse(0));
        m.put("issuers", policies.current().map(s -> s.issuers().byName().size()).orElse(0));
        m.put("lastError", policies.lastError());
        m.put("lastErrorAt", policies.lastErrorAt() == null ? null : policies.lastErrorAt().toString());
        m.put("lastPollAt", policies.lastPollAt() == null ? null : policies.lastPollAt().toString());
        m.put("problems", policies.lastProblems().stream().map(Object::toString).toList());
        return new AdminRoutes.AdminResponse(200, m);
    }

    AdminRoutes.AdminResponse roles() {
        List<Map<String, Object>> out = new ArrayList<>();
        policies.current().ifPresent(set -> set.roles().values().forEach(r -> out.add(role(r))));
        return new AdminRoutes.AdminResponse(200, Map.of("roles", out));
    }

    AdminRoutes.AdminResponse issuers() {
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Object> keys = policies.trustedIssuers().status();
        policies.current().ifPresent(set -> set.issuers().byName().values().forEach(i -> out.add(issuer(i, keys))));
        return new AdminRoutes.AdminResponse(200, Map.of("issuers", out));
    }

    private static Map<String, Object> role(Role r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("description", r.description());
        m.put("source", r.source());
        m.put("trustRules", r.trust().size());
        m.put("denyRules", r.deny().size());
        m.put("targets", r.credentials().all().stream().map(CredentialTarget::kind).toList());
        return m;
    }

    private static Map<String, Object> issuer(IssuerSpec i, Map<String, Object> keys) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("profile", i.profile().kind().id());
        m.put("url", i.url());
        m.put("audiences", i.audiences());
        m.put("algorithms", i.algorithms());
        m.put("clockSkew", DurationText.format(i.clockSkew()));
        m.put("maxTokenAge", DurationText.format(i.maxTokenAge()));
        m.put("maxLifetime", DurationText.format(i.maxLifetime()));
        m.put("replay", i.replay().name().toLowerCase());
        m.put("keys", keys.get(i.name()));
        m.put("source", i.source());
        return m;
    }
}
