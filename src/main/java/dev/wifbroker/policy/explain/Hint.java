package dev.wifbroker.policy.explain;

/**
 * A near-miss an operator would otherwise spend an afternoon on.
 *
 * @param rule the rule label ({@code trust[0]})
 * @param claim the condition's claim
 * @param kind what sort of near miss
 * @param message the explanation and what to change
 */
public record Hint(String rule, String claim, Kind kind, String message) {

    public enum Kind {
        CASE_ONLY,
        SUB_SHAPE,
        NEVER_EMITTED,
        NOT_IN_TOKEN,
        OTHER_ISSUER
    }
}
