package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.regex.Pattern;

/**
 * {@code broad-wildcard} (error): a glob or regex that accepts any value ({@code *}, {@code .*}) reads like
 * a restriction but only checks presence; an owner-wide pattern ({@code acme/*}) admits every repository
 * of the owner, including new, test and archived ones.
 */
final class WildcardLint implements Lint {
    private static final Pattern REGEX_ANY_SEGMENT = Pattern.compile(
            "(\\.\\*\\??|\\.\\+\\??|\\[\\^[^\\]]*][*+]|\\\\[wS][*+]|\\[[^\\]]*][*+])([/:@].*)?");
    private static final Pattern GLOB_ANY_SEGMENT = Pattern.compile("[*?]+([/:@].*)?");

    @Override
    public String id() {
        return "broad-wildcard";
    }

    @Override
    public void check(Role role, IssuerLookup issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            for (Condition c : rule.conditions()) {
                String pattern = pattern(c.matcher());
                if (pattern == null) {
                    continue;
                }
                if (c.matcher().test(Probes.RANDOM)) {
                    findings.error(id(), c.pos(), "'" + c.claim() + "': " + c.matcher().describe() + " accepts any value, so it"
                            + " restricts nothing. Fix: match the intended values exactly (or use present: true if presence"
                            + " is really all you mean)");
                } else if (Probes.OWNER_PATHS.contains(c.claim()) && ownerWide(c.matcher(), pattern)) {
                    findings.error(id(), c.pos(), "'" + c.claim() + "': " + c.matcher().describe() + " admits every repository"
                            + " or project of the owner, including ones created later. Fix: list them with oneOf (and bind"
                            + " repository_id / project_id)");
                }
            }
        }
    }

    private static String pattern(Matcher m) {
        if (m instanceof Matcher.Glob g) {
            return g.pattern();
        }
        if (m instanceof Matcher.Regex r) {
            return r.pattern().startsWith("^") ? r.pattern().substring(1) : r.pattern();
        }
        return null;
    }

    private static boolean ownerWide(Matcher m, String pattern) {
        String owner = Probes.ownerPrefix(pattern);
        if (owner == null) {
            return false;
        }
        String rest = pattern.substring(owner.length() + 1);
        Pattern any = m instanceof Matcher.Glob ? GLOB_ANY_SEGMENT : REGEX_ANY_SEGMENT;
        return any.matcher(rest).matches();
    }
}
