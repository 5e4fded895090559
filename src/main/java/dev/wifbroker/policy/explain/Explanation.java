package dev.wifbroker.policy.explain;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.policy.PolicyDecision;
import java.util.List;

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

    /** One role's decision and hints. */
    public record RoleExplanation(String role, PolicyDecision decision, List<Hint> hints) {
        public RoleExplanation {
            hints = List.copyOf(hints);
        }
    }

    public boolean anyAllowed() {
        return roles.stream().anyMatch(r -> r.decision().allowed());
    }
}
