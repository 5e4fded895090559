package dev.wifbroker.policy.model;

import java.util.List;
import java.util.Optional;

/**
 * A role's candidate rules (report-only): evaluated on every live exchange for the role beside its enforced rules,
 * recorded in the audit event and counted, never enforced. The candidate is the role with the lists given here in
 * place of its own; a list not given is the role's own, so a shadow states only what it changes.
 *
 * @param trust the candidate's trust rules, if the shadow replaces the role's (never empty)
 * @param deny the candidate's deny rules, if the shadow replaces the role's (empty: the candidate has none)
 * @param source the file the rules are written in: the role's file ({@code shadow:} block) or a shadow file
 *     ({@code shadowOf:})
 * @param pos where the shadow starts (the {@code shadow:} key or the {@code shadowOf:} value)
 */
public record Shadow(Optional<List<Rule>> trust, Optional<List<Rule>> deny, String source, SourcePos pos) {

    public Shadow {
        trust = trust.map(List::copyOf);
        deny = deny.map(List::copyOf);
    }

    /** The candidate's trust rules for {@code role}. */
    public List<Rule> trustOf(Role role) {
        return trust.orElse(role.trust());
    }

    /** The candidate's deny rules for {@code role}. */
    public List<Rule> denyOf(Role role) {
        return deny.orElse(role.deny());
    }

    /**
     * How operators find a candidate rule: {@code shadow.trust[0]} for a rule of the shadow's own lists,
     * {@code trust[0]} for one it takes from the role.
     */
    public String label(Rule.Kind kind, int index) {
        boolean own = (kind == Rule.Kind.TRUST ? trust : deny).isPresent();
        return (own ? "shadow." : "") + kind.field() + "[" + index + "]";
    }
}
