package dev.wifbroker.policy;

/**
 * How one condition of one rule evaluated.
 *
 * @param claim the attribute name ({@code issuer} for the rule's issuer check, {@code when} for CEL)
 * @param expected the policy's expectation in words ({@code refs/heads/main}, {@code one of [..]})
 * @param actual the token's value (String or List), or null when the token lacks the claim
 * @param outcome matched, mismatched, absent or error
 * @param detail extra words for the operator (a CEL error), or null
 */
public record ConditionTrace(String claim, String expected, Object actual, Outcome outcome, String detail) {

    public enum Outcome {
        MATCHED,
        MISMATCHED,
        ABSENT,
        ERROR;

        public boolean passed() {
            return this == MATCHED;
        }
    }

    public boolean passed() {
        return outcome.passed();
    }

    /** One line for logs and the CLI: {@code ref: expected refs/heads/main, got refs/heads/dev}. */
    public String describe() {
        return switch (outcome) {
            case MATCHED -> claim + ": " + expected + " matched " + show(actual);
            case MISMATCHED -> claim + ": expected " + expected + ", got " + show(actual);
            case ABSENT -> claim + ": expected " + expected + ", but the token has no " + claim + " claim";
            case ERROR -> claim + ": " + expected + " could not be evaluated: " + detail;
        };
    }

    static String show(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }
}
