package dev.wifbroker.policy.model;

import dev.wifbroker.policy.cel.WhenExpression;
import java.util.List;
import java.util.Optional;

/**
 * A trust or deny rule: the token's issuer must be {@code issuer} and every condition (and the
 * optional {@code when}) must hold. Rules of a list are alternatives (OR).
 *
 * @param kind trust or deny
 * @param index position in its list, 0-based, as shown in traces ({@code trust[0]})
 * @param issuer the issuer name, as declared in {@code issuers/*.yaml}
 * @param conditions the claim conditions, all required (AND), in file order
 * @param when an optional CEL expression, also required
 * @param pos where the rule starts
 */
public record Rule(Kind kind, int index, String issuer, List<Condition> conditions, Optional<WhenExpression> when,
        SourcePos pos) {

    public enum Kind {
        TRUST("trust"),
        DENY("deny");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public Rule {
        conditions = List.copyOf(conditions);
    }

    /** {@code trust[0]}, {@code deny[1]}: how operators find the rule in the file. */
    public String label() {
        return kind.field() + "[" + index + "]";
    }

    public Optional<Condition> condition(String claim) {
        return conditions.stream().filter(c -> c.claim().equals(claim)).findFirst();
    }
}
