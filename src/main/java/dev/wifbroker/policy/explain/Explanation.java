package dev.wifbroker.policy.explain;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.credential.template.CredentialTemplates;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@code explain}: the identity as the engine saw it, and per role the decision with its
 * full trace and near-miss hints.
 *
 * @param identity the normalized identity
 * @param verified false when the claims were read without signature verification (offline explain)
 * @param policyVersion the set that was evaluated
 * @param roles one entry per role explained
 */
public record Explanation(IdentityView identity, boolean verified, String policyVersion, List<RoleExplanation> roles) {

    public Explanation {
        roles = List.copyOf(roles);
    }

    /**
     * One role's decision and hints.
     *
     * @param unrenderable when the policy allows but a credential template cannot render for this identity, the
     *     first such template: the exchange would refuse ({@code no_matching_rule}), so the role is not allowed
     */
    public record RoleExplanation(String role, PolicyDecision decision, List<Hint> hints,
            Optional<CredentialTemplates.Unrenderable> unrenderable, Optional<ShadowExplanation> shadow) {
        public RoleExplanation {
            hints = List.copyOf(hints);
        }

        /** A role without shadow rules. */
        public RoleExplanation(String role, PolicyDecision decision, List<Hint> hints,
                Optional<CredentialTemplates.Unrenderable> unrenderable) {
            this(role, decision, hints, unrenderable, Optional.empty());
        }

        /** What the exchange would do: the policy allows and every credential template renders. */
        public boolean allowed() {
            return decision.allowed() && unrenderable.isEmpty();
        }
    }

    /**
     * What a role's shadow (report-only) rules decided for the same identity, as the live exchange records it.
     *
     * @param rules the shadow, to label its rules ({@code shadow.trust[0]}) as audit events do
     */
    public record ShadowExplanation(PolicyDecision decision, Shadow rules) {

        /** The label of a traced rule of the candidate. */
        public String label(RuleTrace t) {
            return rules.label(t.kind(), t.index());
        }
    }

    public boolean anyAllowed() {
        return roles.stream().anyMatch(RoleExplanation::allowed);
    }
}
