package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.cel.WhenExpression;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code absent-claim-passes} (error): a trust condition that holds when the token lacks the claim lets a
 * token through for what it does not say. Matchers are false on a missing claim by construction
 * ({@code not} included); what remains is {@code absent: true} in a trust rule and CEL {@code when}
 * expressions that are true when the claims they read are missing or empty ({@code !has(...)},
 * {@code !=}, {@code all()} over an empty list). The CEL check evaluates the expression on exactly those
 * inputs rather than guessing from its text.
 */
final class AbsentClaimLint implements Lint {
    /** By expression instance, for one linter (one load); the evaluations depend on the expression alone. */
    private final Map<WhenExpression, Verdict> verdicts = new ConcurrentHashMap<>();

    @Override
    public String id() {
        return "absent-claim-passes";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            for (Condition c : rule.conditions()) {
                if (c.matcher() instanceof Matcher.Absent) {
                    findings.error(id(), c.pos(), "'" + c.claim() + "': absent: true in a trust rule admits tokens for"
                            + " lacking a claim. Fix: bind what must be present instead, or move the condition to a deny"
                            + " rule ({" + c.claim() + ": {present: true}} under deny)");
                }
            }
            rule.when().ifPresent(when -> checkWhen(rule, when, findings));
        }
    }

    private void checkWhen(Rule rule, WhenExpression when, Findings findings) {
        switch (verdicts.computeIfAbsent(when, AbsentClaimLint::verdict)) {
            case TRUE_WITHOUT_CLAIMS -> findings.error(id(), rule.pos(), rule.label() + ".when '" + when.source()
                    + "' is true for a token that has none of the claims it reads. Fix: guard it with has(claims.NAME) && ...");
            case TRUE_ON_EMPTY_LISTS -> findings.error(id(), rule.pos(), rule.label() + ".when '" + when.source()
                    + "' is true when the claims it reads are empty lists (e.g. all() over nothing). Fix: also require"
                    + " size(claims.NAME) > 0");
            case FALSE -> { }
        }
    }

    /** What the expression gives on the two inputs, evaluated once per expression (rules share compiled ones). */
    private static Verdict verdict(WhenExpression when) {
        if (when.evaluate(Map.of()).value()) {
            return Verdict.TRUE_WITHOUT_CLAIMS;
        }
        Map<String, Object> empty = new HashMap<>();
        when.claimsRead().forEach(name -> empty.put(name, List.of()));
        return !empty.isEmpty() && when.evaluate(empty).value() ? Verdict.TRUE_ON_EMPTY_LISTS : Verdict.FALSE;
    }

    private enum Verdict { TRUE_WITHOUT_CLAIMS, TRUE_ON_EMPTY_LISTS, FALSE }
}
