package dev.wifbroker.policy.match;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/**
 * How one condition compares one attribute. Attribute values are a string, a list of strings (a
 * list matches when any element matches), or null when the token does not carry the claim.
 * <p>
 * A claim is <em>present</em> only with a value: null, an empty string and a list without a non-empty
 * element all count as missing ({@link #isPresent}), because a token saying {@code "groups": []} or
 * {@code "environment": ""} says nothing. Every matcher except {@link Absent} is false on a missing claim;
 * {@link Not} in particular is "present and not matching", so a negation can never let a token through
 * just because it lacks the claim (the IAM {@code ForAllValues} trap).
 */
public sealed interface Matcher {

    /** Whether a value carries something: a non-empty string, or a list with at least one non-empty string. */
    static boolean isPresent(Object value) {
        if (value instanceof String s) {
            return !s.isEmpty();
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an attribute value (String, List of String, or null when absent) satisfies this matcher. */
    default boolean matches(Object value) {
        if (value instanceof String s) {
            return !s.isEmpty() && test(s);
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof String s && !s.isEmpty() && test(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether one present value satisfies this matcher. */
    boolean test(String value);

    /** The expectation in operator words, for traces: {@code "refs/heads/main"}, {@code "one of [a, b]"}. */
    String describe();

    /** A scalar in the policy: the value must equal it exactly, case included. */
    record Exact(String value) implements Matcher {
        @Override
        public boolean test(String v) {
            return value.equals(v);
        }

        @Override
        public String describe() {
            return value;
        }
    }

    /** {@code oneOf: [...]}: the value equals one of the listed values. */
    record OneOf(List<String> values, Set<String> lookup) implements Matcher {
        public OneOf(List<String> values) {
            this(List.copyOf(values), Set.copyOf(values));
        }

        @Override
        public boolean test(String v) {
            return lookup.contains(v);
        }

        @Override
        public String describe() {
            return "one of " + values;
        }
    }

    /** {@code glob: ...}: {@code *} and {@code ?} stay within one path segment; {@code **} crosses {@code /}. */
    record Glob(String pattern, GlobPattern compiled) implements Matcher {
        @Override
        public boolean test(String v) {
            return compiled.matches(v);
        }

        @Override
        public String describe() {
            return "glob " + pattern;
        }
    }

    /** {@code regex: ...}: RE2 syntax, always anchored at both ends, linear time. */
    record Regex(String pattern, Pattern compiled) implements Matcher {
        @Override
        public boolean test(String v) {
            return compiled.matches(v);
        }

        @Override
        public String describe() {
            return "regex " + pattern;
        }
    }

    /** {@code not: ...}: the claim is present and does not satisfy the inner matcher. */
    record Not(Matcher inner) implements Matcher {
        @Override
        public boolean matches(Object value) {
            return isPresent(value) && !inner.matches(value);
        }

        @Override
        public boolean test(String v) {
            return !inner.test(v);
        }

        @Override
        public String describe() {
            return "not " + inner.describe();
        }
    }

    /** {@code present: true}: the token carries the claim with a value (not null, empty or an empty list). */
    record Present() implements Matcher {
        @Override
        public boolean matches(Object value) {
            return isPresent(value);
        }

        @Override
        public boolean test(String v) {
            return true;
        }

        @Override
        public String describe() {
            return "present";
        }
    }

    /** {@code absent: true}: the token does not carry the claim, or carries it empty. The only matcher true on a missing claim. */
    record Absent() implements Matcher {
        @Override
        public boolean matches(Object value) {
            return !isPresent(value);
        }

        @Override
        public boolean test(String v) {
            return false;
        }

        @Override
        public String describe() {
            return "absent";
        }
    }
}
