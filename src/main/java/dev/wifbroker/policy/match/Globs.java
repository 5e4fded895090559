package dev.wifbroker.policy.match;

import com.google.re2j.Pattern;

/**
 * Translates policy globs into anchored RE2J patterns. Only {@code *}, {@code **} and {@code ?} are
 * special; everything else, including regex metacharacters, is literal, so a glob can never turn
 * into something broader than it reads.
 */
public final class Globs {
    private Globs() {}

    /** Longest glob accepted, in characters; its regex form is linear in its length, so this bounds it. */
    public static final int MAX_LENGTH = BoundedRegex.MAX_LENGTH;

    /** Compiles {@code glob}; throws {@link IllegalArgumentException} naming the limit when it is too long. */
    public static GlobPattern compile(String glob) {
        if (glob.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("glob is " + glob.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        return GlobPattern.compile(glob);
    }

    static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                flush(literal, re);
                if (c == '?') {
                    re.append("[^/]");
                    i++;
                } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    // (?s): '.' alone stops at line breaks, and "any run" means any.
                    re.append("(?s:.*)");
                    i += 2;
                } else {
                    re.append("[^/]*");
                    i++;
                }
            } else {
                literal.append(c);
                i++;
            }
        }
        flush(literal, re);
        return re.toString();
    }

    private static void flush(StringBuilder literal, StringBuilder re) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    /** True if the text contains a glob wildcard, i.e. would mean something different as a glob than as a literal. */
    public static boolean hasWildcard(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0;
    }
}
