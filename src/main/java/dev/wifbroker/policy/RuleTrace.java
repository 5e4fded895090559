package dev.wifbroker.policy;

import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.SourcePos;
import java.util.List;
import java.util.Optional;

/**
 * How one rule evaluated: its issuer check and then every condition, so an operator sees all the
 * reasons a rule failed, not only the first.
 *
 * @param kind trust or deny
 * @param index position in its list
 * @param pos where the rule is written
 * @param issuerMatched whether the token came from the rule's issuer (if not, no condition was evaluated)
 * @param matched whether every check passed
 * @param conditions the issuer check first, then each condition in file order
 */
public record RuleTrace(Rule.Kind kind, int index, SourcePos pos, boolean issuerMatched, boolean matched,
        List<ConditionTrace> conditions) {

    public RuleTrace {
        conditions = List.copyOf(conditions);
    }

    public String label() {
        return kind.field() + "[" + index + "]";
    }

    public Optional<ConditionTrace> firstFailure() {
        return conditions.stream().filter(c -> !c.passed()).findFirst();
    }

    public List<ConditionTrace> failures() {
        return conditions.stream().filter(c -> !c.passed()).toList();
    }

    long passedCount() {
        return conditions.stream().filter(ConditionTrace::passed).count();
    }
}
