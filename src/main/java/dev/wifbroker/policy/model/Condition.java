package dev.wifbroker.policy.model;

import dev.wifbroker.policy.match.Matcher;

/**
 * One {@code claim: matcher} entry of a rule.
 *
 * @param claim the attribute name in the identity view (normalized attribute or claim path)
 * @param matcher how its value is compared
 * @param expected {@code matcher.describe()}, computed once at load so a decision's trace allocates no text
 * @param pos where the value was written
 */
public record Condition(String claim, Matcher matcher, String expected, SourcePos pos) {

    public Condition(String claim, Matcher matcher, SourcePos pos) {
        this(claim, matcher, matcher.describe(), pos);
    }
}
