package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileSpec;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.credential.template.CredentialTemplates;
import dev.wifbroker.credential.template.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code unknown-claim} and {@code impossible-value} (errors): a condition on a claim the issuer's
 * profile never emits, or on a value outside its vocabulary (GitLab {@code ref_type: mr}; a GitHub
 * {@code ref} without {@code refs/}), can never match, so the role silently never works, and the
 * usual "fix" is to widen it. Templates and CEL expressions are checked for unknown claims too.
 */
final class VocabularyLint implements Lint {
    @Override
    public String id() {
        return "unknown-claim";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        List<Vocabulary> used = new ArrayList<>();
        for (Rule rule : Lint.denyThenTrust(role)) {
            IssuerSpec issuer = issuers.issuer(rule.issuer());
            if (issuer == null) {
                continue;
            }
            Vocabulary v = new Vocabulary(issuer.profile());
            if (rule.kind() == Rule.Kind.TRUST) {
                used.add(v);
            }
            for (Condition c : rule.conditions()) {
                if (!v.knows(c.claim())) {
                    unknown(c.claim(), v, issuer, c.pos(), findings);
                } else {
                    values(c, v, issuer.profile().spec(), findings);
                }
            }
            rule.when().ifPresent(w -> w.claimsRead().stream().filter(n -> !v.knows(n))
                    .forEach(n -> unknown(n, v, issuer, rule.pos(), findings)));
        }
        templates(role, used, findings);
    }

    private void unknown(String claim, Vocabulary v, IssuerSpec issuer, SourcePos at, Findings findings) {
        findings.error(id(), at, "claim '" + claim + "' is never emitted by issuer '" + issuer.name() + "' (profile "
                + issuer.profile().kind().id() + "), so this condition can never match."
                + v.suggest(claim).map(s -> " Fix: did you mean '" + s + "'?")
                        .orElse(" Fix: use a claim of this profile (see docs/issuers.md)"));
    }

    private static void values(Condition c, Vocabulary v, ProfileSpec spec, Findings findings) {
        List<String> closed = v.values(c.claim());
        Matcher m = c.matcher() instanceof Matcher.Not n ? n.inner() : c.matcher();
        List<String> literals = m instanceof Matcher.Exact e ? List.of(e.value())
                : m instanceof Matcher.OneOf o ? o.values() : List.of();
        for (String value : literals) {
            String why = null;
            if (!closed.isEmpty() && !closed.contains(value)) {
                why = "'" + c.claim() + "' is only ever one of " + closed;
            } else if (IssuerProfiles.numericIds().contains(c.claim()) && !digits(value)) {
                why = "'" + c.claim() + "' is a numeric ID";
            } else {
                why = spec.valueShapes().stream().filter(s -> s.attribute().equals(c.claim()) && !s.occurs(value))
                        .map(s -> s.why(value)).findFirst().orElse(null);
            }
            if (why != null) {
                findings.error("impossible-value", c.pos(), "'" + c.claim() + "': value '" + value + "' never occurs: " + why
                        + ". Fix: correct the value");
            }
        }
        if ((m instanceof Matcher.Glob || m instanceof Matcher.Regex) && !closed.isEmpty()
                && closed.stream().noneMatch(m::test)) {
            findings.error("impossible-value", c.pos(), "'" + c.claim() + "': " + m.describe() + " matches none of its"
                    + " possible values " + closed + ". Fix: correct the pattern");
        }
    }

    /** ASCII digits only, at least one: what the regex {@code \d+} matches. */
    private static boolean digits(String value) {
        return !value.isEmpty() && value.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private void templates(Role role, List<Vocabulary> used, Findings findings) {
        if (used.isEmpty()) {
            return;
        }
        SourcePos at = role.trust().isEmpty() ? new SourcePos(role.source(), 1, 1) : role.trust().get(0).pos();
        List<Template> all = CredentialTemplates.of(role.credentials().all()).stream().map(CredentialTemplates.Field::template).toList();
        for (Template t : all) {
            for (String claim : t.claims()) {
                // A template renders for every issuer a trust rule admits, so each of them must be able to supply the claim.
                if (used.stream().anyMatch(v -> !v.knows(claim))) {
                    findings.error(id(), new SourcePos(role.source(), at.line(), at.column()), "template '" + t.source()
                            + "' reads claim '" + claim + "', which some trusted issuer never emits; the credential"
                            + " could not be minted. Fix: use a claim every trusted issuer emits");
                }
            }
        }
    }
}
