package dev.wifbroker.policy.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles policy regexes with a bound on their size, checked <em>before</em> RE2J compiles them.
 * RE2J matches in linear time but expands counted repetition when it compiles: the 30-character
 * {@code ((((x{100}){100}){100}){100})} becomes 10<sup>8</sup> instructions and exhausts the heap, and
 * every match walks the whole program. So the size the program would have is computed from RE2J's own
 * parse tree, multiplying repetition counts through their nesting (the arithmetic Go's
 * {@code regexp/syntax} uses for its size check), and a pattern above the bound is refused with its size.
 * A small program can still match slowly, since every instruction after a {@code *} holds a live thread at every
 * character, so the thread steps of a match over the longest claim are bounded from the same tree.
 * <p>
 * Hand-written because RE2J has no such check and its parser is package-private: the parse tree is read
 * reflectively ({@code Parser.parse}, {@code Regexp.op/subs/runes/min/max} of RE2J 1.8). If a future RE2J
 * changes those internals, every regex is refused (fail closed) and this class's tests fail the build.
 */
public final class BoundedRegex {
    /** Longest pattern accepted, in characters. */
    public static final int MAX_LENGTH = 1024;
    /** Largest compiled program accepted, in RE2J instructions. */
    public static final int MAX_PROGRAM_SIZE = 10_000;
    /** Deepest nesting of groups and repetitions accepted. */
    public static final int MAX_NESTING = 100;
    /** Longest value a policy regex can be matched against: the default {@code broker.verify.max-token-bytes}. */
    public static final int MAX_INPUT = 16_384;
    /**
     * Most thread steps one match may take over a {@link #MAX_INPUT}-character value (RE2J advances every live
     * thread by every character, about 25 ns each at worst): 4,000,000 is about 0.1 s.
     */
    public static final long MAX_MATCH_STEPS = 4_000_000;
    /** RE2J's flags for {@link Pattern#compile(String)} ({@code RE2.PERL}). */
    private static final int PERL_FLAGS = 212;

    /** Instructions every program has besides the pattern's own: fail and match. */
    private static final long PROGRAM_OVERHEAD = 2;

    private static final Internals RE2J = Internals.resolve();

    private BoundedRegex() {}

    /** A pattern that is valid RE2 syntax but over a bound; the message names the size and the limit. */
    public static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /** A flag group turning case folding on: {@code (?i)}, {@code (?si:...)}. */
    private static final java.util.regex.Pattern FOLD_FLAG = java.util.regex.Pattern.compile("\\(\\?[a-zA-Z-]*i");

    /**
     * True when case folding {@code pattern} is cheap: only ASCII characters and no escapes naming other code points or
     * Unicode classes. RE2J's parser folds a character class range character by character, superlinearly in its width.
     */
    public static boolean foldSafe(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c > 0x7E || (c < 0x20 && c != '\t')) {
                return false;
            }
            if (c == '\\' && i + 1 < pattern.length() && "xpPQ".indexOf(pattern.charAt(i + 1)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** Compiles {@code pattern} after checking its size; never allocates more than the bound allows. */
    public static Pattern compile(String pattern) throws TooLarge {
        return compile(pattern, 0);
    }

    /** As {@link #compile(String)}, with {@link Pattern} flags such as {@link Pattern#CASE_INSENSITIVE}. */
    public static Pattern compile(String pattern, int flags) throws TooLarge {
        check(pattern);
        return compileChecked(pattern, flags);
    }

    /** Compiles a pattern {@link #check} has already accepted (the policy loader checks first to charge its budget). */
    static Pattern compileChecked(String pattern, int flags) throws TooLarge {
        Pattern compiled = Pattern.compile(pattern, flags);
        if (compiled.programSize() > MAX_PROGRAM_SIZE) {
            // The estimate is an upper bound, so this is unreachable; kept so a wrong estimate cannot pass silently.
            throw new TooLarge(String.format("regex compiles to %,d instructions; the limit is %,d", compiled.programSize(),
                    MAX_PROGRAM_SIZE));
        }
        return compiled;
    }

    /** A regex this package built (from a glob): its length is ours, so only its program size is checked. */
    static Pattern compileGenerated(String pattern) throws TooLarge {
        long size = estimate(pattern);
        if (size > MAX_PROGRAM_SIZE) {
            throw new TooLarge(String.format("regex would compile to %,d instructions; the limit is %,d", size, MAX_PROGRAM_SIZE));
        }
        checkMatchSteps(pattern, "wildcards");
        return Pattern.compile(pattern);
    }

    /**
     * Refuses {@code pattern} if it is invalid ({@link PatternSyntaxException}) or over a bound ({@link TooLarge}),
     * without compiling it; returns an upper bound of the instructions it compiles to.
     */
    public static long check(String pattern) throws TooLarge {
        if (pattern.length() > MAX_LENGTH) {
            throw new TooLarge("regex is " + pattern.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        if (FOLD_FLAG.matcher(pattern).find() && !foldSafe(pattern)) {
            throw new TooLarge("a case-insensitive regex ((?i)) is limited to ASCII characters without \\x, \\p or \\P"
                    + " escapes: RE2J folds a wide class character by character ((?i)[_-\\x{FFFD}] takes minutes to parse)."
                    + " Fix: list the letters you mean ([A-Za-z]) or drop (?i)");
        }
        long size = estimate(pattern);
        if (size > MAX_PROGRAM_SIZE) {
            throw new TooLarge(String.format("regex would compile to %,d instructions (counted repetitions multiply through"
                    + " nesting); the limit is %,d", size, MAX_PROGRAM_SIZE) + ". Fix: use smaller counts, or + and * instead of {n,m}");
        }
        checkMatchSteps(pattern, "*, + and open-ended {n,}");
        return size;
    }

    /**
     * Refuses a pattern whose match could be slow although its program is small: after an unbounded repetition
     * ({@code *}, {@code +}, {@code {n,}}) every instruction that follows can hold a live thread at every character, so
     * {@code (?:x*){1000}} (2,002 instructions) takes 0.8 s over a 16 KB value.
     */
    private static void checkMatchSteps(String pattern, String loops) throws TooLarge {
        long steps = matchSteps(pattern);
        if (steps > MAX_MATCH_STEPS) {
            throw new TooLarge(String.format("regex may take %,d steps to match a %,d-character value (every instruction after"
                    + " %s runs at each character); the limit is %,d. Fix: use fewer repetitions, or bound them ({1,40})",
                    steps, MAX_INPUT, loops, MAX_MATCH_STEPS));
        }
    }

    /** Upper bound of the thread steps RE2J takes to match {@code pattern} against a {@value #MAX_INPUT}-character value. */
    public static long matchSteps(String pattern) throws TooLarge {
        if (RE2J == null) {
            throw new TooLarge("regex size cannot be checked with this RE2J version, so no regex is accepted");
        }
        return RE2J.steps(RE2J.parse(pattern), 0, 0);
    }

    /** The parse tree of a valid pattern, for lints ({@link RegexNode}). */
    static RegexNode tree(String pattern) throws TooLarge {
        if (RE2J == null) {
            throw new TooLarge("regex size cannot be checked with this RE2J version, so no regex is accepted");
        }
        return RE2J.tree(RE2J.parse(pattern), 0);
    }

    /** Upper bound of {@link Pattern#programSize()} for {@code pattern}, without compiling it. */
    static long estimate(String pattern) throws TooLarge {
        if (RE2J == null) {
            throw new TooLarge("regex size cannot be checked with this RE2J version, so no regex is accepted");
        }
        return add(PROGRAM_OVERHEAD, RE2J.size(RE2J.parse(pattern), 0));
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** Reflective access to RE2J's parse tree. */
    private record Internals(Method parse, Field op, Field subs, Field runes, Field min, Field max) {

        static Internals resolve() {
            try {
                Class<?> parser = Class.forName("com.google.re2j.Parser");
                Class<?> regexp = Class.forName("com.google.re2j.Regexp");
                Method parse = parser.getDeclaredMethod("parse", String.class, int.class);
                Internals in = new Internals(parse, regexp.getDeclaredField("op"), regexp.getDeclaredField("subs"),
                        regexp.getDeclaredField("runes"), regexp.getDeclaredField("min"), regexp.getDeclaredField("max"));
                for (var member : new java.lang.reflect.AccessibleObject[] {in.parse, in.op, in.subs, in.runes, in.min, in.max}) {
                    member.setAccessible(true);
                }
                return in;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        Object parse(String pattern) throws TooLarge {
            try {
                return parse.invoke(null, pattern, PERL_FLAGS);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof PatternSyntaxException syntax) {
                    throw syntax;
                }
                throw new TooLarge("regex cannot be parsed: " + e.getCause());
            } catch (IllegalAccessException e) {
                throw new TooLarge("regex size cannot be checked: " + e);
            }
        }

        /** Upper bound of the instructions {@code re} compiles to; saturates at {@link Long#MAX_VALUE}. */
        long size(Object re, int depth) throws TooLarge {
            if (depth > MAX_NESTING) {
                throw new TooLarge("regex nests deeper than " + MAX_NESTING + " levels; the limit is " + MAX_NESTING);
            }
            try {
                Object[] children = (Object[]) subs.get(re);
                long size = switch (((Enum<?>) op.get(re)).name()) {
                    case "LITERAL" -> ((int[]) runes.get(re)).length;
                    case "CAPTURE", "STAR" -> 2 + size(children[0], depth + 1);
                    case "PLUS", "QUEST" -> 1 + size(children[0], depth + 1);
                    case "CONCAT", "ALTERNATE" -> {
                        // An alternation of n branches adds n - 1 split instructions.
                        long sum = "ALTERNATE".equals(((Enum<?>) op.get(re)).name()) ? children.length - 1L : 0;
                        for (Object child : children) {
                            sum = add(sum, size(child, depth + 1));
                        }
                        yield sum;
                    }
                    case "REPEAT" -> {
                        long sub = size(children[0], depth + 1);
                        int lo = min.getInt(re);
                        int hi = max.getInt(re);
                        // x{n,} is n copies then x*; x{n,m} is n copies then m-n nested optional copies.
                        yield hi == -1 ? add(2, multiply(Math.max(lo, 1), sub)) : add(multiply(hi, sub), hi - lo);
                    }
                    default -> 1;
                };
                return Math.max(1, size);
            } catch (IllegalAccessException | RuntimeException e) {
                throw new TooLarge("regex size cannot be checked: " + e);
            }
        }

        /**
         * Upper bound of the thread steps of {@code re} in an anchored match over {@link #MAX_INPUT} characters, when at
         * most {@code before} characters can be consumed before it: a thread on an instruction lives only at the
         * positions it can be reached at, every position once an unbounded repetition precedes it.
         */
        long steps(Object re, long before, int depth) throws TooLarge {
            try {
                Object[] children = (Object[]) subs.get(re);
                String name = ((Enum<?>) op.get(re)).name();
                return switch (name) {
                    case "LITERAL" -> {
                        int n = ((int[]) runes.get(re)).length;
                        yield multiply(n, positions(add(before, n)));
                    }
                    case "CAPTURE" -> add(multiply(2, positions(add(before, maxLength(children[0], depth + 1)))),
                            steps(children[0], before, depth + 1));
                    case "QUEST" -> add(positions(before), steps(children[0], before, depth + 1));
                    case "STAR", "PLUS" -> multiply(size(re, depth), positions(Long.MAX_VALUE));
                    case "CONCAT" -> {
                        long sum = 0;
                        long consumed = before;
                        for (Object child : children) {
                            sum = add(sum, steps(child, consumed, depth + 1));
                            consumed = add(consumed, maxLength(child, depth + 1));
                        }
                        yield sum;
                    }
                    case "ALTERNATE" -> {
                        long sum = multiply(children.length - 1L, positions(before));
                        for (Object child : children) {
                            sum = add(sum, steps(child, before, depth + 1));
                        }
                        yield sum;
                    }
                    case "REPEAT" -> {
                        // x{n,m} is n copies then m-n optional copies, each after the ones before it; x{n,} is n
                        // copies then a loop, whose instructions run at every position.
                        int lo = min.getInt(re);
                        int hi = max.getInt(re);
                        long sum = hi == -1 ? multiply(add(size(children[0], depth + 1), 2), positions(Long.MAX_VALUE))
                                : multiply(hi - lo, positions(before));
                        long each = maxLength(children[0], depth + 1);
                        long consumed = before;
                        for (int k = 0; k < (hi == -1 ? lo : hi) && sum < Long.MAX_VALUE; k++) {
                            sum = add(sum, steps(children[0], consumed, depth + 1));
                            consumed = add(consumed, each);
                        }
                        yield sum;
                    }
                    default -> positions(before);
                };
            } catch (IllegalAccessException | RuntimeException e) {
                throw new TooLarge("regex size cannot be checked: " + e);
            }
        }

        RegexNode tree(Object re, int depth) throws TooLarge {
            if (depth > MAX_NESTING) {
                throw new TooLarge("regex nests deeper than " + MAX_NESTING + " levels; the limit is " + MAX_NESTING);
            }
            try {
                Object[] children = (Object[]) subs.get(re);
                List<RegexNode> kids = new ArrayList<>();
                for (Object child : children == null ? new Object[0] : children) {
                    kids.add(tree(child, depth + 1));
                }
                int[] r = (int[]) runes.get(re);
                String name = ((Enum<?>) op.get(re)).name();
                RegexNode.Kind kind = switch (name) {
                    case "LITERAL" -> RegexNode.Kind.LITERAL;
                    case "CHAR_CLASS" -> r != null && r.length == 2 && r[0] == r[1] ? RegexNode.Kind.LITERAL : RegexNode.Kind.CLASS;
                    case "ANY_CHAR", "ANY_CHAR_NOT_NL" -> RegexNode.Kind.CLASS;
                    case "CAPTURE", "STAR", "PLUS", "QUEST", "REPEAT", "CONCAT", "ALTERNATE", "NO_MATCH" -> RegexNode.Kind.valueOf(name);
                    default -> RegexNode.Kind.EMPTY;
                };
                String text = kind != RegexNode.Kind.LITERAL ? "" : "CHAR_CLASS".equals(name) ? new String(r, 0, 1)
                        : new String(r, 0, r.length);
                return new RegexNode(kind, text, kids, min.getInt(re), max.getInt(re));
            } catch (IllegalAccessException | RuntimeException e) {
                throw new TooLarge("regex cannot be read: " + e);
            }
        }

        /** Most characters {@code re} can consume; {@link Long#MAX_VALUE} when unbounded. */
        long maxLength(Object re, int depth) throws TooLarge {
            if (depth > MAX_NESTING) {
                throw new TooLarge("regex nests deeper than " + MAX_NESTING + " levels; the limit is " + MAX_NESTING);
            }
            try {
                Object[] children = (Object[]) subs.get(re);
                return switch (((Enum<?>) op.get(re)).name()) {
                    case "LITERAL" -> ((int[]) runes.get(re)).length;
                    case "CHAR_CLASS", "ANY_CHAR", "ANY_CHAR_NOT_NL" -> 1;
                    case "CAPTURE", "QUEST" -> maxLength(children[0], depth + 1);
                    case "STAR", "PLUS" -> Long.MAX_VALUE;
                    case "REPEAT" -> max.getInt(re) == -1 ? Long.MAX_VALUE : multiply(max.getInt(re), maxLength(children[0], depth + 1));
                    case "CONCAT" -> {
                        long sum = 0;
                        for (Object child : children) {
                            sum = add(sum, maxLength(child, depth + 1));
                        }
                        yield sum;
                    }
                    case "ALTERNATE" -> {
                        long longest = 0;
                        for (Object child : children) {
                            longest = Math.max(longest, maxLength(child, depth + 1));
                        }
                        yield longest;
                    }
                    default -> 0;
                };
            } catch (IllegalAccessException | RuntimeException e) {
                throw new TooLarge("regex size cannot be checked: " + e);
            }
        }

        /** The positions of the input a thread that has consumed at most {@code consumed} characters can be at. */
        private static long positions(long consumed) {
            return Math.min(MAX_INPUT, consumed) + 1;
        }

        private static long multiply(long a, long b) {
            return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
        }
    }
}
