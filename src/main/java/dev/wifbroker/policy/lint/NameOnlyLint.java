package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.List;

/**
 * {@code name-only-binding} (warning): binding a repository, owner or project only by name exposes the
 * role to name recycling (a deleted name re-registered by someone else mints the same claims). GitHub's
 * 2026 immutable-ID subjects exist for this reason; bind the numeric IDs too.
 */
final class NameOnlyLint implements Lint {

    @Override
    public String id() {
        return "name-only-binding";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            for (Condition c : rule.conditions()) {
                List<String> ids = IssuerProfiles.immutableIds().get(c.claim());
                if (ids == null || c.matcher() instanceof Matcher.Present || c.matcher() instanceof Matcher.Absent) {
                    continue;
                }
                boolean idBound = ids.stream().anyMatch(id -> rule.condition(id).isPresent());
                if (!idBound) {
                    findings.warning(id(), c.pos(), "'" + c.claim() + "' is bound by name only; if it is deleted and the name"
                            + " re-registered, the new owner gets this role. Fix: also bind " + ids.get(0) + ": \"<id>\"");
                }
            }
        }
    }
}
