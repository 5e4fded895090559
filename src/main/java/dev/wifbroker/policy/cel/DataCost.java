package dev.wifbroker.policy.cel;

import com.google.re2j.PatternSyntaxException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.wifbroker.policy.match.BoundedRegex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A static bound on the data a checked {@code when} expression handles in one evaluation, beside
 * {@link ExpressionCost}'s count of steps: how large a value it can build and how many characters or elements its
 * operations compare, copy or scan. Counting nodes is not enough: {@code [claims.ref].map(a, a + a)} chained 24 times
 * builds a string of 2<sup>24</sup> copies of a claim (out of memory), and two equal towers of
 * {@code .map(a, [a, a, a, a, a, a, a, a])} compare 8<sup>n</sup> elements, all in a few hundred characters.
 * <p>
 * Each value's size is bounded by a form linear in the variables of the enclosing comprehensions, so that what a body
 * does with each element sums to at most the range ({@code claims.groups.filter(...)} is no larger than
 * {@code claims.groups}), while what it adds regardless of the element counts once per iteration. Every claim, and
 * the claim map itself, is at most {@link #CLAIMS_SIZE} characters. Hand-written because CEL-Java 0.14 has neither
 * cel-go's cost estimator nor a run-time size limit.
 */
final class DataCost {
    /** Characters of claims a token can carry: the default {@code broker.verify.max-token-bytes}. */
    static final long CLAIMS_SIZE = 16_384;
    /** Largest value (characters of a string, elements and characters of a list or map) one evaluation may build. */
    static final long MAX_VALUE_SIZE = 64 * CLAIMS_SIZE;
    /** Characters and elements compared, copied or scanned per evaluation; about 0.1 s at worst. */
    static final long MAX_WORK = 100_000_000;
    /** Character operations one RE2J thread step costs, measured (about 25 ns against about 1 ns). */
    private static final long REGEX_STEP_WEIGHT = 20;
    /** What a call adds beyond its operands: {@code string(1.5)} or {@code string(timestamp)} is at most this long. */
    private static final long CALL_OVERHEAD = 32;
    /** A constant operand this small is the cheaper bound of a comparison even inside a comprehension. */
    private static final long SMALL = 256;
    private static final Set<CelKind> SCALARS = Set.of(CelKind.BOOL, CelKind.INT, CelKind.UINT, CelKind.DOUBLE,
            CelKind.NULL_TYPE, CelKind.TIMESTAMP, CelKind.DURATION, CelKind.TYPE);
    /** Concrete bound of a slot whose value is only known after its comprehension: an accumulator. */
    private static final long DEFERRED = -1;

    private final CelAbstractSyntaxTree ast;
    /** Concrete upper bound of each comprehension variable's size, by slot. */
    private final List<Long> slots = new ArrayList<>();

    private DataCost(CelAbstractSyntaxTree ast) {
        this.ast = ast;
    }

    /**
     * @param count most elements the value can have, if a list or map: a separate bound because a list's size counts
     *     its elements' contents too, and comprehensions over a list run once per element
     */
    private record Bound(Linear size, Linear work, long count) {
        Bound(Linear size, Linear work) {
            this(size, work, -1);
        }
    }

    /** Refuses {@code ast} if a value it builds or the data it handles can exceed a limit; returns the bound of its work. */
    static long check(CelAbstractSyntaxTree ast) throws WhenExpression.InvalidExpression {
        DataCost cost = new DataCost(ast);
        long work = cost.concrete(cost.walk(ast.getExpr(), Map.of()).work());
        if (work > MAX_WORK) {
            throw new WhenExpression.InvalidExpression(String.format("expression may compare, copy or scan %,d characters or"
                    + " elements per evaluation (claims count as %,d characters each, comprehension bodies once per element);"
                    + " the limit is %,d. Fix: compare claims outside comprehensions, or match them with a claims: matcher",
                    work, CLAIMS_SIZE, MAX_WORK));
        }
        return work;
    }

    private Bound walk(CelExpr e, Map<String, Integer> env) throws WhenExpression.InvalidExpression {
        Bound b = switch (e.getKind()) {
            case CONSTANT -> new Bound(Linear.of(constantSize(e.constant())), Linear.of(1));
            case IDENT -> new Bound(env.containsKey(e.ident().name()) ? Linear.slot(env.get(e.ident().name()))
                    : Linear.of(CLAIMS_SIZE), Linear.of(1));
            case SELECT -> {
                Bound operand = walk(e.select().operand(), env);
                Linear size = e.select().testOnly() ? Linear.of(1) : operand.size();
                yield new Bound(size, operand.work().plus(Linear.of(1 + e.select().field().length())));
            }
            case CALL -> call(e, env);
            case LIST -> aggregate(e.list().elements(), env, e.list().elements().size());
            case MAP -> {
                List<CelExpr> parts = new ArrayList<>();
                e.map().entries().forEach(entry -> {
                    parts.add(entry.key());
                    parts.add(entry.value());
                });
                yield aggregate(parts, env, parts.size());
            }
            case STRUCT -> {
                List<CelExpr> values = e.struct().entries().stream().map(entry -> entry.value()).toList();
                yield aggregate(values, env, values.size());
            }
            case COMPREHENSION -> comprehension(e.comprehension(), env);
            default -> new Bound(Linear.of(1), Linear.of(1));
        };
        if (scalar(e)) {
            b = new Bound(Linear.of(1), b.work(), 1);
        } else if (b.count() < 0) {
            b = new Bound(b.size(), b.work(), concrete(b.size()));  // every element takes at least one unit of the size
        }
        // A value built from an accumulator is checked once, as the comprehension's final accumulator.
        long size = b.size().dependsOnDeferred(slots) ? 0 : concrete(b.size());
        if (size > MAX_VALUE_SIZE) {
            throw new WhenExpression.InvalidExpression(String.format("expression can build a value of %,d characters or"
                    + " elements (each claim counts as %,d; a comprehension repeats its body for every element); the limit"
                    + " is %,d. Fix: do not concatenate or nest the results of map() or list literals in chains",
                    size, CLAIMS_SIZE, MAX_VALUE_SIZE));
        }
        return b;
    }

    /** A list or map literal: as large as its parts, built by copying one reference per part. */
    private Bound aggregate(List<CelExpr> parts, Map<String, Integer> env, long count) throws WhenExpression.InvalidExpression {
        Linear size = Linear.of(1);
        Linear work = Linear.of(1 + count);
        for (CelExpr part : parts) {
            Bound b = walk(part, env);
            size = size.plus(b.size());
            work = work.plus(b.work());
        }
        return new Bound(size, work, count);
    }

    private Bound call(CelExpr e, Map<String, Integer> env) throws WhenExpression.InvalidExpression {
        List<CelExpr> operands = new ArrayList<>(e.call().args().size() + 1);
        e.call().target().ifPresent(operands::add);
        operands.addAll(e.call().args());
        List<Linear> sizes = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        Linear work = Linear.of(1);
        for (CelExpr operand : operands) {
            Bound b = walk(operand, env);
            sizes.add(b.size());
            counts.add(b.count());
            work = work.plus(b.work());
        }
        Linear sum = Linear.of(0);
        for (Linear s : sizes) {
            sum = sum.plus(s);
        }
        return switch (e.call().function()) {
            case "_?_:_" -> new Bound(sizes.get(1).max(sizes.get(2)), work, Math.max(counts.get(1), counts.get(2)));
            case "_[_]" -> new Bound(sizes.get(0), work.plus(sizes.get(1)));
            case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "startsWith", "endsWith" ->
                    new Bound(sum.plus(Linear.of(CALL_OVERHEAD)), work.plus(smaller(sizes.get(0), sizes.get(1))));
            // String.indexOf compares the needle at every offset of the haystack.
            case "contains" -> new Bound(sum, work.plus(product(sizes.get(0), sizes.get(1))));
            case "matches" -> new Bound(sum, work.plus(regexWork(sizes.get(0), operands.get(1))));
            case "_+_" -> new Bound(sum.plus(Linear.of(CALL_OVERHEAD)), work.plus(sum),
                    Linear.saturatingAdd(counts.get(0), counts.get(1)));
            default -> new Bound(sum.plus(Linear.of(CALL_OVERHEAD)), work.plus(sum));
        };
    }

    /**
     * A comprehension runs its step at most N times (N: the range's elements, at most the run-time iteration cap). The
     * accumulator after the loop is its initial value, plus what the steps add from their element (summing to a multiple
     * of the range), plus N times what they add otherwise.
     */
    private Bound comprehension(CelExpr.CelComprehension c, Map<String, Integer> env) throws WhenExpression.InvalidExpression {
        Bound range = walk(c.iterRange(), env);
        Bound init = walk(c.accuInit(), env);
        int iter = slot(concrete(range.size()));
        int accu = slot(DEFERRED);
        Map<String, Integer> inner = new HashMap<>(env);
        inner.put(c.iterVar(), iter);
        if (!c.iterVar2().isEmpty()) {
            inner.put(c.iterVar2(), iter);
        }
        inner.put(c.accuVar(), accu);
        Bound condition = walk(c.loopCondition(), inner);
        Bound step = walk(c.loopStep(), inner);
        long grows = step.size().coefficient(accu);
        if (grows > 1) {
            throw new WhenExpression.InvalidExpression("a comprehension step uses its accumulator " + grows
                    + " times, so its result could double on every iteration");
        }
        long n = Math.min(WhenExpression.MAX_ITERATIONS, range.count());
        Linear added = step.size().without(accu);
        Linear perElement = range.size().times(added.coefficient(iter));
        Linear otherwise = added.without(iter);
        Linear last = grows == 1 ? init.size().plus(perElement).plus(otherwise.times(n))
                : init.size().max(perElement.plus(otherwise));
        if (!last.dependsOnDeferred(slots)) {
            slots.set(accu, concrete(last));
        }
        Linear body = condition.work().plus(step.work());
        Linear loop = body.without(accu).without(iter).times(n).plus(range.size().times(body.coefficient(iter)))
                .plus(last.times(Linear.saturatingMultiply(body.coefficient(accu), n)));
        Bound result = walk(c.result(), inner);
        Linear size = result.size().substitute(accu, last).substitute(iter, range.size());
        Linear work = range.work().plus(init.work()).plus(loop)
                .plus(result.work().substitute(accu, last).substitute(iter, range.size())).plus(Linear.of(1));
        // Comprehensions come only from the standard macros, whose steps add at most one element (map, filter).
        return new Bound(size, work, Linear.saturatingAdd(init.count(), n));
    }

    private boolean scalar(CelExpr e) {
        return ast.getType(e.id()).map(t -> SCALARS.contains(t.kind())).orElse(false);
    }

    private static long constantSize(CelConstant c) {
        return switch (c.getKind()) {
            case STRING_VALUE -> Math.max(1, c.stringValue().length());
            case BYTES_VALUE -> Math.max(1, c.bytesValue().size());
            default -> 1;
        };
    }

    /**
     * RE2J simulates the program over the input, at most its instructions per character and at most the pattern's
     * step bound over a whole claim; each thread step costs about {@link #REGEX_STEP_WEIGHT} character operations.
     */
    private static Linear regexWork(Linear input, CelExpr pattern) throws WhenExpression.InvalidExpression {
        String regex = pattern.constant().stringValue();
        try {
            Linear steps = input.times(BoundedRegex.check(regex));
            if (input.isConstant()) {
                steps = Linear.of(Math.min(steps.constant(), BoundedRegex.matchSteps(regex)));
            }
            return steps.times(REGEX_STEP_WEIGHT);
        } catch (PatternSyntaxException | BoundedRegex.TooLarge e) {
            throw new WhenExpression.InvalidExpression("matches(): " + e.getMessage());
        }
    }

    /** A bound of the smaller operand: a small constant if there is one, else the one that sums over a comprehension. */
    private Linear smaller(Linear a, Linear b) {
        if (a.isConstant() && (b.isConstant() ? a.constant() <= b.constant() : a.constant() <= SMALL)) {
            return a;
        }
        if (b.isConstant() && (a.isConstant() || b.constant() <= SMALL)) {
            return b;
        }
        return a.isConstant() ? b : a;
    }

    private Linear product(Linear a, Linear b) {
        if (a.isConstant()) {
            return b.times(a.constant());
        }
        if (b.isConstant()) {
            return a.times(b.constant());
        }
        return Linear.of(Linear.saturatingMultiply(concrete(a), concrete(b)));
    }

    private int slot(long bound) {
        slots.add(bound);
        return slots.size() - 1;
    }

    /** The form's value with every variable at its bound; an accumulator not yet bounded counts as unbounded. */
    private long concrete(Linear form) {
        return form.evaluate(slots);
    }
}
