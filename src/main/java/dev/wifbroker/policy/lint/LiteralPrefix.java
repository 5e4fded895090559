package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.match.Matcher;

/**
 * The text every value a pattern accepts must start with, read from the pattern's syntax rather than by
 * probing it: a probe can only show that some other tenant is admitted, never that none is. Hand-written
 * because RE2J keeps its parser package-private; the scan is deliberately conservative (it stops at the
 * first character it does not fully understand), so it can only under-state a prefix, never over-state it.
 *
 * @param text the literal prefix
 * @param whole true when the pattern is nothing but this literal (it accepts exactly {@code text})
 */
record LiteralPrefix(String text, boolean whole) {
    private static final LiteralPrefix NONE = new LiteralPrefix("", false);
    private static final String REGEX_SPECIAL = ".[]()|*+?{}^$";
    private static final String QUANTIFIERS = "*+?{";

    /** The prefix of a glob or regex matcher; empty (not whole) for any other matcher. */
    static LiteralPrefix of(Matcher m) {
        if (m instanceof Matcher.Glob g) {
            return glob(g.pattern());
        }
        if (m instanceof Matcher.Regex r) {
            return regex(r.pattern());
        }
        return NONE;
    }

    /** Globs have no escapes: everything before the first {@code *} or {@code ?} is literal. */
    static LiteralPrefix glob(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if (glob.charAt(i) == '*' || glob.charAt(i) == '?') {
                return new LiteralPrefix(glob.substring(0, i), false);
            }
        }
        return new LiteralPrefix(glob, true);
    }

    /** An RE2 pattern (matched against the whole value): literal characters up to the first operator. */
    static LiteralPrefix regex(String pattern) {
        // \Q...\E quotes arbitrary text, and a top-level | makes any prefix optional: give up on both.
        if (pattern.contains("\\Q") || topLevelAlternation(pattern)) {
            return NONE;
        }
        StringBuilder out = new StringBuilder();
        int i = pattern.startsWith("^") ? 1 : 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            char literal;
            int next;
            if (c == '\\') {
                if (i + 1 >= n || Character.isLetterOrDigit(pattern.charAt(i + 1))) {
                    return new LiteralPrefix(out.toString(), false);  // \d, \w, \pL, \x41...: a class or code
                }
                literal = pattern.charAt(i + 1);
                next = i + 2;
            } else if (c == '$' && i == n - 1) {
                return new LiteralPrefix(out.toString(), true);
            } else if (REGEX_SPECIAL.indexOf(c) >= 0) {
                return new LiteralPrefix(out.toString(), false);
            } else {
                literal = c;
                next = i + 1;
            }
            if (next < n && QUANTIFIERS.indexOf(pattern.charAt(next)) >= 0) {
                return new LiteralPrefix(out.toString(), false);  // "acme/?" makes the '/' optional
            }
            out.append(literal);
            i = next;
        }
        return new LiteralPrefix(out.toString(), true);
    }

    /** Whether {@code |} occurs outside every group and character class. */
    static boolean topLevelAlternation(String pattern) {
        int depth = 0;
        int classStart = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (classStart >= 0) {
                boolean firstInClass = i == classStart + 1 || (i == classStart + 2 && pattern.charAt(classStart + 1) == '^');
                if (c == ']' && !firstInClass) {
                    classStart = -1;
                }
                continue;
            }
            switch (c) {
                case '[' -> classStart = i;
                case '(' -> depth++;
                case ')' -> depth--;
                case '|' -> {
                    if (depth <= 0) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }
}
