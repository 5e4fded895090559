package dev.wifbroker.policy.cel;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An upper bound {@code constant + sum(coefficient * variable)} over the sizes of enclosing comprehension variables
 * (by slot), with non-negative, saturating arithmetic: a bound never wraps around to a small number.
 */
record Linear(long constant, Map<Integer, Long> coefficients) {
    Linear {
        coefficients = Map.copyOf(coefficients);
    }

    static Linear of(long constant) {
        return new Linear(constant, Map.of());
    }

    static Linear slot(int slot) {
        return new Linear(0, Map.of(slot, 1L));
    }

    boolean isConstant() {
        return coefficients.isEmpty();
    }

    long coefficient(int slot) {
        return coefficients.getOrDefault(slot, 0L);
    }

    Linear plus(Linear o) {
        Map<Integer, Long> sum = new TreeMap<>(coefficients);
        o.coefficients.forEach((k, v) -> sum.merge(k, v, Linear::saturatingAdd));
        return new Linear(saturatingAdd(constant, o.constant), sum);
    }

    /** A bound of both: the larger constant and the larger coefficient of each variable (all variables are non-negative). */
    Linear max(Linear o) {
        Map<Integer, Long> max = new TreeMap<>(coefficients);
        o.coefficients.forEach((k, v) -> max.merge(k, v, Math::max));
        return new Linear(Math.max(constant, o.constant), max);
    }

    Linear times(long factor) {
        if (factor == 0) {
            return of(0);
        }
        Map<Integer, Long> scaled = new TreeMap<>();
        coefficients.forEach((k, v) -> scaled.put(k, saturatingMultiply(v, factor)));
        return new Linear(saturatingMultiply(constant, factor), scaled);
    }

    Linear without(int slot) {
        Map<Integer, Long> rest = new TreeMap<>(coefficients);
        rest.remove(slot);
        return new Linear(constant, rest);
    }

    /** This bound with {@code slot} replaced by the bound {@code value}. */
    Linear substitute(int slot, Linear value) {
        return without(slot).plus(value.times(coefficient(slot)));
    }

    /** Whether a variable with a negative (not yet known) bound occurs. */
    boolean dependsOnDeferred(List<Long> bounds) {
        return coefficients.keySet().stream().anyMatch(k -> bounds.get(k) < 0);
    }

    /** The bound's value with each variable at {@code bounds.get(slot)}; an unknown (negative) bound is unbounded. */
    long evaluate(List<Long> bounds) {
        long total = constant;
        for (Map.Entry<Integer, Long> e : coefficients.entrySet()) {
            long bound = bounds.get(e.getKey());
            total = saturatingAdd(total, bound < 0 ? Long.MAX_VALUE : saturatingMultiply(e.getValue(), bound));
        }
        return total;
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    static long saturatingMultiply(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
