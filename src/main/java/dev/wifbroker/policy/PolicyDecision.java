package dev.wifbroker.policy;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.reason.Reason;
import java.util.Optional;

/** The engine's verdict for one identity and one role; a value, never an exception. */
public sealed interface PolicyDecision {

    DecisionTrace trace();

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /**
     * The role may be issued.
     *
     * @param role the role, with its credential targets
     * @param ruleIndex the index of the trust rule that matched
     */
    record Allowed(Role role, int ruleIndex, DecisionTrace trace) implements PolicyDecision {}

    /**
     * The role may not be issued.
     *
     * @param reason {@code unknown_role}, {@code denied_by_rule} or {@code no_matching_rule}
     */
    record Denied(Reason reason, DecisionTrace trace) implements PolicyDecision {

        /**
         * The claim name a caller may be told about: the deny rule's first condition, {@code iss} when no trust
         * rule is for the token's issuer, or the first failing condition of the closest trust rule. Never the
         * policy's expected value, which stays operator-only.
         */
        public Optional<String> failingClaim() {
            if (reason == Reason.DENIED_BY_RULE) {
                return trace.deny().stream().filter(RuleTrace::matched).findFirst()
                        .flatMap(r -> r.conditions().stream().skip(1).findFirst()).map(ConditionTrace::claim);
            }
            if (!trace.trust().isEmpty() && trace.trust().stream().noneMatch(RuleTrace::issuerMatched)) {
                // No rule of the role is for this token's issuer: the caller's own iss is what to fix.
                return Optional.of("iss");
            }
            return trace.closestTrustRule().flatMap(RuleTrace::firstFailure).map(ConditionTrace::claim);
        }
    }
}
