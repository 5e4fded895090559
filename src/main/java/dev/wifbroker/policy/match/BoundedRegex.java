package dev.wifbroker.policy.match;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Compiles policy regexes with a bound on their size, checked <em>before</em> RE2J compiles them.
 * RE2J matches in linear time but expands counted repetition when it compiles: the 30-character
 * {@code ((((x{100}){100}){100}){100})} becomes 10<sup>8</sup> instructions and exhausts the heap, and
 * every match walks the whole program. So the size the program would have is computed from RE2J's own
 * parse tree, multiplying repetition counts through their nesting (the arithmetic Go's
 * {@code regexp/syntax} uses for its size check), and a pattern above the bound is refused with its size.
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

    /** Compiles {@code pattern} after checking its size; never allocates more than the bound allows. */
    public static Pattern compile(String pattern) throws TooLarge {
        return compile(pattern, 0);
    }

    /** As {@link #compile(String)}, with {@link Pattern} flags such as {@link Pattern#CASE_INSENSITIVE}. */
    public static Pattern compile(String pattern, int flags) throws TooLarge {
        check(pattern);
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
        long size = estimate(pattern);
        if (size > MAX_PROGRAM_SIZE) {
            throw new TooLarge(String.format("regex would compile to %,d instructions (counted repetitions multiply through"
                    + " nesting); the limit is %,d", size, MAX_PROGRAM_SIZE) + ". Fix: use smaller counts, or + and * instead of {n,m}");
        }
        return size;
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

        private static long multiply(long a, long b) {
            return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
        }
    }
}
