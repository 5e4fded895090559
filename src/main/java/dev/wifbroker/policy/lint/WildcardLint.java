package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;

/**
 * {@code broad-wildcard} (error): a glob or regex that accepts any value ({@code *}, {@code .*}) reads like
 * a restriction but only checks presence; an owner-wide pattern ({@code acme/*}) admits every repository
 * of the owner, including new, test and archived ones. Owner-wide is judged from the pattern's parse tree
 * ({@link NameSegment}), so {@code acme/(app|.*)} or {@code acme/.{0,100}} is as owner-wide as {@code acme/*}.
 */
final class WildcardLint implements Lint {

    @Override
    public String id() {
        return "broad-wildcard";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            for (Condition c : rule.conditions()) {
                if (!(c.matcher() instanceof Matcher.Glob || c.matcher() instanceof Matcher.Regex)) {
                    continue;
                }
                if (c.matcher().test(Probes.RANDOM)) {
                    findings.error(id(), c.pos(), "'" + c.claim() + "': " + c.matcher().describe() + " accepts any value, so it"
                            + " restricts nothing. Fix: match the intended values exactly (or use present: true if presence"
                            + " is really all you mean)");
                } else if (IssuerProfiles.ownerPaths().contains(c.claim()) && NameSegment.ownerWide(c.matcher())) {
                    findings.error(id(), c.pos(), "'" + c.claim() + "': " + c.matcher().describe() + " admits every repository"
                            + " or project of the owner, including ones created later. Fix: list them with oneOf (and bind"
                            + " repository_id / project_id)");
                }
            }
        }
    }
}
