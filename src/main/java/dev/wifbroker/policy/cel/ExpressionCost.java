package dev.wifbroker.policy.cel;

import com.google.re2j.PatternSyntaxException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.wifbroker.policy.match.BoundedRegex;
import java.util.ArrayList;
import java.util.List;

/**
 * A static bound on what one evaluation of a checked {@code when} expression can cost, so an expensive
 * expression is refused when the policy loads instead of burning CPU on every exchange. CEL-Java 0.14 has no
 * cost estimator (cel-go's is not ported), hence this walk over the checked AST, where macros such as
 * {@code all} and {@code map} are already comprehensions.
 * <ul>
 * <li><b>iterations</b>: comprehensions over literal lists and maps multiply through their nesting
 *     ({@code [..20 items..].all(a, [..20..].all(b, ...))} is 420); above {@link WhenExpression#MAX_ITERATIONS}
 *     the expression could only ever fail at run time, so it is refused. Ranges read from the token count as
 *     one here; at run time CEL's iteration limit stops them.</li>
 * <li><b>steps</b>: every node evaluated once, plus every comprehension body once per iteration the run-time
 *     limit allows; a {@code matches()} call counts as its regex's program size, because CEL compiles the
 *     pattern on each call.</li>
 * </ul>
 * {@code matches()} must take a string literal that passes {@link BoundedRegex}: a pattern computed from
 * claims would let a token choose an arbitrarily large regex.
 */
final class ExpressionCost {
    private ExpressionCost() {}

    /** Node count (weighted), literal-bound iterations and the largest comprehension body, all saturating. */
    private record Summary(long steps, long iterations, long body) {
        static final Summary LEAF = new Summary(1, 0, 0);
    }

    /** Refuses {@code root} if a bound is exceeded; returns its worst-case evaluation steps. */
    static long check(CelExpr root) throws WhenExpression.InvalidExpression {
        Summary s = walk(root);
        if (s.iterations() > WhenExpression.MAX_ITERATIONS) {
            throw new WhenExpression.InvalidExpression("comprehensions over literal lists can run " + String.format("%,d", s.iterations())
                    + " iterations (nested comprehensions multiply); the limit is " + WhenExpression.MAX_ITERATIONS
                    + " per evaluation. Fix: use fewer nested comprehensions or shorter lists");
        }
        long steps = add(s.steps(), multiply(WhenExpression.MAX_ITERATIONS, s.body()));
        if (steps > WhenExpression.MAX_STEPS) {
            throw new WhenExpression.InvalidExpression("expression may take " + String.format("%,d", steps)
                    + " evaluation steps (each comprehension body can run " + WhenExpression.MAX_ITERATIONS
                    + " times); the limit is " + String.format("%,d", WhenExpression.MAX_STEPS)
                    + ". Fix: move work out of comprehension bodies, or match claims with a claims: matcher");
        }
        return steps;
    }

    private static Summary walk(CelExpr e) throws WhenExpression.InvalidExpression {
        return switch (e.getKind()) {
            case SELECT -> sum(1, List.of(e.select().operand()));
            case CALL -> sum(callWeight(e), callOperands(e));
            case LIST -> sum(1, e.list().elements());
            case MAP -> {
                List<CelExpr> parts = new ArrayList<>();
                e.map().entries().forEach(entry -> {
                    parts.add(entry.key());
                    parts.add(entry.value());
                });
                yield sum(1, parts);
            }
            case STRUCT -> sum(1, e.struct().entries().stream().map(entry -> entry.value()).toList());
            case COMPREHENSION -> comprehension(e.comprehension());
            default -> Summary.LEAF;
        };
    }

    private static Summary comprehension(CelExpr.CelComprehension c) throws WhenExpression.InvalidExpression {
        Summary range = walk(c.iterRange());
        Summary init = walk(c.accuInit());
        Summary condition = walk(c.loopCondition());
        Summary step = walk(c.loopStep());
        Summary result = walk(c.result());
        long n = literalSize(c.iterRange());
        long iterations = add(add(range.iterations(), init.iterations()), result.iterations());
        iterations = add(iterations, multiply(n, add(1, add(condition.iterations(), step.iterations()))));
        long body = Math.max(add(condition.steps(), step.steps()),
                Math.max(Math.max(range.body(), init.body()), Math.max(Math.max(condition.body(), step.body()), result.body())));
        long steps = add(1, add(add(range.steps(), init.steps()), add(add(condition.steps(), step.steps()), result.steps())));
        return new Summary(steps, iterations, body);
    }

    private static long literalSize(CelExpr range) {
        return switch (range.getKind()) {
            case LIST -> range.list().elements().size();
            case MAP -> range.map().entries().size();
            default -> 1;
        };
    }

    private static List<CelExpr> callOperands(CelExpr e) {
        List<CelExpr> out = new ArrayList<>(e.call().args().size() + 1);
        e.call().target().ifPresent(out::add);
        out.addAll(e.call().args());
        return out;
    }

    /** One step per call, except {@code matches}, which compiles its pattern each time it runs. */
    private static long callWeight(CelExpr e) throws WhenExpression.InvalidExpression {
        if (!"matches".equals(e.call().function())) {
            return 1;
        }
        List<CelExpr> operands = callOperands(e);
        CelExpr pattern = operands.get(operands.size() - 1);
        if (pattern.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                || pattern.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
            throw new WhenExpression.InvalidExpression("matches() takes a string literal pattern here: a pattern computed"
                    + " at request time could be arbitrarily large. Fix: write the regex as a literal, or use a claims: regex matcher");
        }
        try {
            return BoundedRegex.check(pattern.constant().stringValue());
        } catch (PatternSyntaxException ex) {
            throw new WhenExpression.InvalidExpression("matches(): invalid regex: " + ex.getDescription());
        } catch (BoundedRegex.TooLarge ex) {
            throw new WhenExpression.InvalidExpression("matches(): " + ex.getMessage());
        }
    }

    private static Summary sum(long own, List<CelExpr> children) throws WhenExpression.InvalidExpression {
        long steps = own;
        long iterations = 0;
        long body = 0;
        for (CelExpr child : children) {
            Summary s = walk(child);
            steps = add(steps, s.steps());
            iterations = add(iterations, s.iterations());
            body = Math.max(body, s.body());
        }
        return new Summary(steps, iterations, body);
    }

    private static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    private static long multiply(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
