package dev.wifbroker.policy.match;

import java.util.List;

/**
 * RE2J's parse tree of a policy regex (or of a glob's regex form), for lints that judge what a pattern means
 * rather than how its text looks: {@code [a]cme}, {@code \x61cme}, {@code \Qacme\E} and {@code acme} are all the
 * literal {@code acme} here. A character class of a single character is a literal.
 *
 * @param text the characters of a {@link Kind#LITERAL}, else empty
 * @param min,max the counts of a {@link Kind#REPEAT} ({@code max} -1 when open-ended)
 */
public record RegexNode(Kind kind, String text, List<RegexNode> subs, int min, int max) {
    public RegexNode {
        subs = List.copyOf(subs);
    }

    /** RE2J's operators, grouped: everything that matches one character of a set is CLASS, empty-width tests are EMPTY. */
    public enum Kind {
        LITERAL,
        CLASS,
        EMPTY,
        CAPTURE,
        STAR,
        PLUS,
        QUEST,
        REPEAT,
        CONCAT,
        ALTERNATE,
        NO_MATCH
    }

    /** The tree of a glob or regex matcher's pattern. */
    public static RegexNode of(Matcher.Glob glob) throws BoundedRegex.TooLarge {
        return BoundedRegex.tree(Globs.toRegex(glob.pattern()));
    }

    public static RegexNode of(Matcher.Regex regex) throws BoundedRegex.TooLarge {
        return BoundedRegex.tree(regex.pattern());
    }
}
