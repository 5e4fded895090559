package dev.wifbroker.policy;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.policy.cel.WhenExpression;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.reason.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides whether a verified identity may obtain a role. Deny rules are evaluated first and override;
 * then trust rules in order until one matches. Only the requested role's rules are read, and each rule
 * evaluates every condition so the trace explains all of a rule's failures at once. A role's shadow rules
 * ({@link #decideLive}) are evaluated the same way after the enforced decision and never change it.
 */
public final class PolicyEngine {
    private final Supplier<PolicySet> policies;

    /** @param policies the active set; read once per decision so a reload never splits one decision */
    public PolicyEngine(Supplier<PolicySet> policies) {
        this.policies = policies;
    }

    public static PolicyEngine of(PolicySet set) {
        return new PolicyEngine(() -> set);
    }

    /** The active set's role of that name, if any. */
    public Optional<Role> role(String roleName) {
        return policies.get().role(roleName);
    }

    public PolicyDecision decide(IdentityView identity, String roleName) {
        return decide(policies.get(), identity, roleName);
    }

    /**
     * The enforced decision and, when the role has shadow rules, the candidate's, both from one read of the set.
     * A role without shadow rules costs one check more than {@link #decide(IdentityView, String)}.
     */
    public LiveDecision decideLive(IdentityView identity, String roleName) {
        PolicySet set = policies.get();
        Optional<Role> found = set.role(roleName);
        if (found.isEmpty()) {
            return new LiveDecision(unknown(set, identity, roleName), Optional.empty(), Optional.empty());
        }
        Role role = found.get();
        PolicyDecision enforced = decide(set.version(), role, role.deny(), role.trust(), identity);
        if (role.shadow().isEmpty()) {
            return new LiveDecision(enforced, Optional.empty(), Optional.empty());
        }
        Shadow shadow = role.shadow().get();
        PolicyDecision candidate = decide(set.version(), role, shadow.denyOf(role), shadow.trustOf(role), identity);
        return new LiveDecision(enforced, Optional.of(candidate), role.shadow());
    }

    /** What the role's shadow rules decide ({@code policy test --shadow}, explain); the enforced rules' decision without them. */
    public PolicyDecision decideShadow(IdentityView identity, String roleName) {
        PolicySet set = policies.get();
        Optional<Role> found = set.role(roleName);
        if (found.isEmpty()) {
            return unknown(set, identity, roleName);
        }
        Role role = found.get();
        Role candidate = role.candidate();
        return decide(set.version(), role, candidate.deny(), candidate.trust(), identity);
    }

    static PolicyDecision decide(PolicySet set, IdentityView identity, String roleName) {
        Optional<Role> found = set.role(roleName);
        if (found.isEmpty()) {
            return unknown(set, identity, roleName);
        }
        Role role = found.get();
        return decide(set.version(), role, role.deny(), role.trust(), identity);
    }

    private static PolicyDecision unknown(PolicySet set, IdentityView identity, String roleName) {
        return new PolicyDecision.Denied(Reason.UNKNOWN_ROLE,
                new DecisionTrace(set.version(), roleName, identity.issuer(), List.of()));
    }

    /** {@code deny} then {@code trust} for {@code role}: the role's own lists, or its shadow's candidate lists. */
    private static PolicyDecision decide(String version, Role role, List<Rule> deny, List<Rule> trust, IdentityView identity) {
        Map<String, Object> attributes = identity.attributes();
        List<RuleTrace> traces = new ArrayList<>(deny.size() + trust.size());
        for (Rule rule : deny) {
            RuleTrace t = evaluate(rule, identity.issuer(), attributes);
            traces.add(t);
            if (t.matched()) {
                return new PolicyDecision.Denied(Reason.DENIED_BY_RULE,
                        new DecisionTrace(version, role.name(), identity.issuer(), traces));
            }
        }
        for (Rule rule : trust) {
            RuleTrace t = evaluate(rule, identity.issuer(), attributes);
            traces.add(t);
            if (t.matched()) {
                return new PolicyDecision.Allowed(role, rule.index(),
                        new DecisionTrace(version, role.name(), identity.issuer(), traces));
            }
        }
        return new PolicyDecision.Denied(Reason.NO_MATCHING_RULE,
                new DecisionTrace(version, role.name(), identity.issuer(), traces));
    }

    static RuleTrace evaluate(Rule rule, String issuer, Map<String, Object> attributes) {
        List<ConditionTrace> out = new ArrayList<>(rule.conditions().size() + 2);
        boolean issuerMatched = rule.issuer().equals(issuer);
        out.add(new ConditionTrace("issuer", rule.issuer(), issuer,
                issuerMatched ? ConditionTrace.Outcome.MATCHED : ConditionTrace.Outcome.MISMATCHED, null));
        if (!issuerMatched) {
            return new RuleTrace(rule.kind(), rule.index(), rule.pos(), false, false, out);
        }
        boolean all = true;
        for (Condition c : rule.conditions()) {
            Object actual = attributes.get(c.claim());
            boolean ok = c.matcher().matches(actual);
            ConditionTrace.Outcome outcome = ok ? ConditionTrace.Outcome.MATCHED
                    : !Matcher.isPresent(actual) ? ConditionTrace.Outcome.ABSENT : ConditionTrace.Outcome.MISMATCHED;
            out.add(new ConditionTrace(c.claim(), c.expected(), actual, outcome, null));
            all &= ok;
        }
        if (rule.when().isPresent()) {
            WhenExpression when = rule.when().get();
            WhenExpression.Result r = when.evaluate(attributes);
            ConditionTrace.Outcome outcome = r.value() ? ConditionTrace.Outcome.MATCHED
                    : r.error() != null ? ConditionTrace.Outcome.ERROR : ConditionTrace.Outcome.MISMATCHED;
            out.add(new ConditionTrace("when", when.source(), r.value(), outcome, r.error()));
            all &= r.value();
        }
        return new RuleTrace(rule.kind(), rule.index(), rule.pos(), true, all, out);
    }
}
