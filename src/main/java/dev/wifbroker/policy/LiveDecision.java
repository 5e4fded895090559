package dev.wifbroker.policy;

import dev.wifbroker.policy.model.Shadow;
import java.util.Optional;

/**
 * A live exchange's decision: the enforced one, and for a role with shadow rules what the candidate rules decided
 * for the same identity and the same policy set. Only {@code enforced} decides the exchange.
 *
 * @param shadow the candidate's decision, present exactly when the role has shadow rules
 * @param shadowRules those rules (for labelling the candidate's rule), present with {@code shadow}
 */
public record LiveDecision(PolicyDecision enforced, Optional<PolicyDecision> shadow, Optional<Shadow> shadowRules) {

    /** Whether the candidate reached the same verdict (allow or deny) as the enforced rules; true without a shadow. */
    public boolean agrees() {
        return shadow.map(s -> s.allowed() == enforced.allowed()).orElse(true);
    }
}
