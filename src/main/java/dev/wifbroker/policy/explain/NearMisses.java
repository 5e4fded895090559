package dev.wifbroker.policy.explain;

import com.google.re2j.Pattern;
import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.policy.ConditionTrace;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.lint.Vocabulary;
import dev.wifbroker.policy.match.BoundedRegex;
import dev.wifbroker.policy.match.Globs;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds near-misses in a failed rule: a value that differs only in case, a value of another shape than the rule
 * expects (the profile's own hints, such as GitHub's {@code sub} forms), a claim the profile never emits or this
 * token lacks. Only for operators: hints quote expected values, which callers never see.
 */
final class NearMisses {
    private NearMisses() {}

    static List<Hint> of(Rule rule, RuleTrace trace, IdentityView identity, IssuerSpec issuer) {
        List<Hint> out = new ArrayList<>();
        for (ConditionTrace c : trace.failures()) {
            Optional<Condition> condition = rule.condition(c.claim());
            if (condition.isEmpty()) {
                continue;
            }
            Matcher m = condition.get().matcher();
            if (c.outcome() == ConditionTrace.Outcome.ABSENT) {
                absent(rule, c.claim(), issuer, out);
            } else if (c.actual() instanceof String actual) {
                if (caseOnly(m, actual)) {
                    out.add(new Hint(rule.label() + "", c.claim(), Hint.Kind.CASE_ONLY, "'" + actual + "' differs from "
                            + m.describe() + " only in case; matching is case-sensitive. Check the canonical spelling"));
                }
                // The profile the token was normalized by words its own shape hints (GitHub's sub forms).
                Optional.ofNullable(identity.profile()).map(IssuerProfiles::of).stream()
                        .flatMap(p -> p.spec().hooks().nearMisses().hints(c.claim(), m.describe(), identity.attributes()).stream())
                        .forEach(h -> out.add(new Hint(rule.label(), c.claim(), Hint.Kind.SUB_SHAPE, h)));
            }
        }
        return out;
    }

    private static void absent(Rule rule, String claim, IssuerSpec issuer, List<Hint> out) {
        Vocabulary v = new Vocabulary(issuer.profile());
        if (!v.knows(claim)) {
            out.add(new Hint(rule.label(), claim, Hint.Kind.NEVER_EMITTED, "issuer '" + issuer.name() + "' (profile "
                    + issuer.profile().kind().id() + ") never emits '" + claim + "'"
                    + v.suggest(claim).map(s -> "; did you mean '" + s + "'?").orElse("")));
        } else if (IssuerProfiles.absentHint(claim).isPresent()) {
            out.add(new Hint(rule.label(), claim, Hint.Kind.NOT_IN_TOKEN, IssuerProfiles.absentHint(claim).get()));
        } else {
            out.add(new Hint(rule.label(), claim, Hint.Kind.NOT_IN_TOKEN, "the profile can emit '" + claim
                    + "' but this token does not carry it (it depends on the trigger or job context)"));
        }
    }

    static boolean caseOnly(Matcher m, String actual) {
        String lower = actual.toLowerCase(Locale.ROOT);
        if (m instanceof Matcher.Exact e) {
            return e.value().equalsIgnoreCase(actual);
        }
        if (m instanceof Matcher.OneOf o) {
            return o.values().stream().anyMatch(v -> v.equalsIgnoreCase(actual));
        }
        if (m instanceof Matcher.Glob g) {
            return Globs.compile(g.pattern().toLowerCase(Locale.ROOT)).matches(lower);
        }
        if (m instanceof Matcher.Regex r) {
            // Folding a wide class takes RE2J minutes to parse; no hint is worth that.
            return BoundedRegex.foldSafe(r.pattern()) && Pattern.compile(r.pattern(), Pattern.CASE_INSENSITIVE).matches(actual);
        }
        return false;
    }
}
