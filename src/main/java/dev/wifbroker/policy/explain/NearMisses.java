package dev.wifbroker.policy.explain;

import com.google.re2j.Pattern;
import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.ProfileKind;
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
 * Finds near-misses in a failed rule: a value that differs only in case, a GitHub {@code sub} of another
 * shape (environment vs ref context, immutable-ID vs name form), a claim the profile never emits or this
 * token lacks. Only for operators: hints quote expected values, which callers never see.
 */
final class NearMisses {
    private static final java.util.regex.Pattern IMMUTABLE_SUB = java.util.regex.Pattern.compile("repo:[^/:]+@\\d+/");

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
                if (identity.profile() == ProfileKind.GITHUB_ACTIONS && (c.claim().equals("sub") || c.claim().equals("sub_context"))) {
                    subShape(rule.label(), c.claim(), m, identity, out);
                }
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
        } else if (claim.equals("environment")) {
            out.add(new Hint(rule.label(), claim, Hint.Kind.NOT_IN_TOKEN, "the token has no environment claim: the job"
                    + " did not declare `environment:` (GitHub adds the claim only for jobs that do)"));
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

    private static void subShape(String rule, String claim, Matcher m, IdentityView identity, List<Hint> out) {
        String expected = m.describe();
        String context = identity.string("sub_context").orElse("");
        String form = identity.string("sub_form").orElse("");
        if (expected.contains("ref:") && context.startsWith("environment:")) {
            out.add(new Hint(rule, claim, Hint.Kind.SUB_SHAPE, "sub is in environment form (" + context + ") because the"
                    + " job declared `environment: " + context.substring("environment:".length()) + "`; its ref is no longer"
                    + " in sub. Bind the structured claims ref and environment instead of sub"));
        } else if (expected.contains("environment:") && context.startsWith("ref:")) {
            out.add(new Hint(rule, claim, Hint.Kind.SUB_SHAPE, "sub is in ref form (" + context + ") because the job"
                    + " declared no environment. Bind environment as a claim, or add `environment:` to the job"));
        } else if (expected.contains("pull_request") != context.equals("pull_request") && !context.isEmpty()) {
            out.add(new Hint(rule, claim, Hint.Kind.SUB_SHAPE, "sub context is '" + context + "'; pull_request runs have"
                    + " the context 'pull_request' instead of a ref. Bind event_name and ref instead of sub"));
        }
        if (claim.equals("sub")) {
            boolean expectsImmutable = IMMUTABLE_SUB.matcher(expected).find();
            if (form.equals("immutable") && !expectsImmutable && expected.contains("repo:")) {
                out.add(new Hint(rule, claim, Hint.Kind.SUB_SHAPE, "sub is in the immutable-ID form"
                        + " (repo:OWNER@OWNER_ID/REPO@REPO_ID:...), GitHub's default since 2026-07-15, but the rule expects"
                        + " the name form. Bind repository_id and repository_owner_id instead of sub"));
            } else if (form.equals("name") && expectsImmutable) {
                out.add(new Hint(rule, claim, Hint.Kind.SUB_SHAPE, "sub is in the legacy name form (repo:OWNER/REPO:...)"
                        + " but the rule expects the immutable-ID form. Bind repository_id and repository_owner_id instead of sub"));
            }
        }
    }
}
