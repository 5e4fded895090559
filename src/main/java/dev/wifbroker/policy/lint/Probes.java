package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.match.Matcher;

/**
 * Probe values for lints: synthetic values no real policy should accept. Lints ask matchers about these
 * instead of parsing patterns, so every matcher kind is judged by what it actually accepts. Vendor facts
 * (owner paths, immutable IDs, privileged triggers) are the profiles' ({@code ProfileSpec}).
 */
final class Probes {
    /** A value no operator wrote on purpose: a pattern accepting it accepts essentially anything. */
    static final String RANDOM = "zq7-wif-lint-probe-x91";

    private Probes() {}

    /** True for matchers that restrict a value (as opposed to present/absent/not, which bind nothing). */
    static boolean binds(Matcher m) {
        return m instanceof Matcher.Exact || m instanceof Matcher.OneOf || m instanceof Matcher.Glob
                || m instanceof Matcher.Regex;
    }
}
