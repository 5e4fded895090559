package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.Set;

/**
 * {@code no-tenant-binding} (error): a trust rule on a multi-tenant issuer (github.com, gitlab.com) that
 * does not bind a repository or project admits every tenant of that issuer, the most common OIDC
 * misconfiguration found in the wild (Datadog, Tinder, Wiz).
 */
final class TenantBindingLint implements Lint {

    @Override
    public String id() {
        return "no-tenant-binding";
    }

    @Override
    public void check(Role role, IssuerLookup issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            IssuerSpec issuer = issuers.issuer(rule.issuer());
            if (issuer == null || !issuer.profile().multiTenant(issuer.uri())) {
                continue;
            }
            Set<String> tenant = Probes.TENANT.getOrDefault(issuer.profile().kind(), Set.of());
            boolean bound = rule.conditions().stream().anyMatch(c -> tenant.contains(c.claim()) && restricts(c));
            if (!bound) {
                String example = switch (issuer.profile().kind()) {
                    case GITLAB -> "project_id: \"<id>\" (and project_path: group/project)";
                    default -> "repository_id: \"<id>\" (and repository: owner/name)";
                };
                findings.error(id(), rule.pos(), "role '" + role.name() + "' " + rule.label() + " trusts multi-tenant issuer '"
                        + issuer.name() + "' (" + issuer.url() + ") without binding a repository or project: anyone on that"
                        + " service could obtain this role. Fix: add " + example);
            }
        }
    }

    /** A tenant condition counts only if it refuses an arbitrary value (so {@code glob: "**"} does not count). */
    private static boolean restricts(Condition c) {
        if (!Probes.binds(c.matcher())) {
            return false;
        }
        return !c.matcher().test(Probes.RANDOM) && !c.matcher().test("repo:" + Probes.RANDOM + "/" + Probes.RANDOM
                + ":ref:refs/heads/main") && !c.matcher().test(Probes.RANDOM + "/" + Probes.RANDOM);
    }
}
