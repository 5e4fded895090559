package dev.wifbroker.policy;

import dev.wifbroker.policy.model.Rule;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every rule the engine evaluated for one decision: deny rules first (they override), then trust rules
 * up to the first that matched.
 *
 * @param policyVersion the content hash of the policy set that decided, for audit
 * @param role the requested role
 * @param issuer the token's issuer name
 * @param rules rule traces in evaluation order
 */
public record DecisionTrace(String policyVersion, String role, String issuer, List<RuleTrace> rules) {

    public DecisionTrace {
        rules = List.copyOf(rules);
    }

    public List<RuleTrace> trust() {
        return rules.stream().filter(r -> r.kind() == Rule.Kind.TRUST).toList();
    }

    public List<RuleTrace> deny() {
        return rules.stream().filter(r -> r.kind() == Rule.Kind.DENY).toList();
    }

    /** The trust rule for the token's issuer that came closest (most conditions passed); what to show first. */
    public Optional<RuleTrace> closestTrustRule() {
        return trust().stream().filter(RuleTrace::issuerMatched)
                .max(Comparator.comparingLong(RuleTrace::passedCount).thenComparing(r -> -r.index()));
    }
}
