package dev.wifbroker.policy.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.Operator;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.wifbroker.policy.match.BoundedRegex;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A rule's optional {@code when:} CEL expression, parsed and type-checked once when the policy loads.
 * The only variable is {@code claims}, the identity's attribute map (string to string or list of
 * strings). The expression must be boolean; an evaluation error (e.g. reading a claim the token lacks)
 * makes the condition false, never true.
 * <p>
 * Bounded so that neither a policy nor a token can make one evaluation expensive: length and nesting
 * are limited when it parses, its worst-case steps ({@link ExpressionCost}) and the size of the values it builds
 * and handles ({@link DataCost}) when it loads, and every
 * evaluation stops after {@link #MAX_ITERATIONS} comprehension iterations (and is then false).
 */
public final class WhenExpression {
    /** Longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** Deepest nesting the parser accepts (CEL's default is 250); deeper trees risk stack overflow in the interpreter. */
    public static final int MAX_NESTING = 32;
    /** Comprehension iterations per evaluation, across all comprehensions; beyond it the evaluation fails (false). */
    public static final int MAX_ITERATIONS = 1_000;
    /** Worst-case evaluation steps of one expression, checked at load. */
    public static final long MAX_STEPS = 100_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            .maxExpressionCodePointSize(MAX_LENGTH)
            .maxParseRecursionDepth(MAX_NESTING)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxRegexProgramSize(BoundedRegex.MAX_PROGRAM_SIZE)
            .build();
    /** Immutable and thread-safe; shared so each policy load does not rebuild the CEL environment. */
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("claims", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    /** Longest line of a CEL error message kept; CEL echoes the whole source line, which may be 4096 characters. */
    private static final int MAX_ERROR_LINE = 160;
    private static final String CLAIMS = "claims";

    private final String source;
    private final CelRuntime.Program program;
    private final Set<String> claimsRead;

    private WhenExpression(String source, CelRuntime.Program program, Set<String> claimsRead) {
        this.source = source;
        this.program = program;
        this.claimsRead = claimsRead;
    }

    /** Thrown when the expression does not parse, does not type-check, or is not boolean. */
    public static final class InvalidExpression extends Exception {
        public InvalidExpression(String message) {
            super(message);
        }
    }

    public static WhenExpression compile(String source) throws InvalidExpression {
        if (source.length() > MAX_LENGTH) {
            throw new InvalidExpression("expression is " + source.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        CelValidationResult result = COMPILER.compile(source);
        if (result.hasError()) {
            String errors = result.getErrorString();
            if (errors.contains("recursion limit exceeded")) {
                throw new InvalidExpression("expression nests deeper than " + MAX_NESTING + " levels; the limit is "
                        + MAX_NESTING + ". Fix: split it into simpler conditions");
            }
            throw new InvalidExpression(concise(errors));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            ExpressionCost.check(ast.getExpr());
            DataCost.check(ast);
            return new WhenExpression(source, RUNTIME.createProgram(ast), referencedClaims(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidExpression(concise(e.getMessage()));
        }
    }

    private static String concise(String errors) {
        return errors.lines().map(l -> l.length() > MAX_ERROR_LINE ? l.substring(0, MAX_ERROR_LINE) + "..." : l)
                .collect(Collectors.joining("\n"));
    }

    /** The outcome of one evaluation; {@code error} is set when evaluation failed (and {@code value} is false). */
    public record Result(boolean value, String error) {}

    public Result evaluate(Map<String, Object> attributes) {
        try {
            Object out = program.eval(Map.of("claims", attributes));
            return new Result(Boolean.TRUE.equals(out), null);
        } catch (CelEvaluationException | RuntimeException e) {
            // A missing key or type mismatch must deny, so every failure is false with the reason kept for the trace.
            return new Result(false, e.getMessage());
        }
    }

    public String source() {
        return source;
    }

    /** Claim names the expression reads ({@code claims.x}, {@code claims["x"]}, {@code "x" in claims}); for lints. */
    public Set<String> claimsRead() {
        return claimsRead;
    }

    /**
     * Claim names read from the checked AST, not from the text: {@code claims.x} (a select on the variable),
     * {@code claims["x"]} (an index with a literal key) and {@code "x" in claims} (membership in the map).
     * {@code "x" in claims.groups} reads {@code groups}, not a claim named {@code x}. Identifiers count only
     * when the checker resolved them to the {@code claims} variable, so a comprehension variable is never
     * taken for it.
     */
    private static Set<String> referencedClaims(CelAbstractSyntaxTree ast) {
        Set<String> out = new LinkedHashSet<>();
        CelNavigableAst.fromAst(ast).getRoot().allNodes().forEach(node -> {
            CelExpr e = node.expr();
            if (e.getKind() == CelExpr.ExprKind.Kind.SELECT && isClaims(ast, e.select().operand())) {
                out.add(e.select().field());
            } else if (e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().args().size() == 2) {
                String function = e.call().function();
                CelExpr first = e.call().args().get(0);
                CelExpr second = e.call().args().get(1);
                if (function.equals(Operator.INDEX.getFunction()) && isClaims(ast, first)) {
                    stringConstant(second).ifPresent(out::add);
                } else if (function.equals(Operator.IN.getFunction()) && isClaims(ast, second)) {
                    stringConstant(first).ifPresent(out::add);
                }
            }
        });
        return Set.copyOf(out);
    }

    private static boolean isClaims(CelAbstractSyntaxTree ast, CelExpr e) {
        return e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals(CLAIMS)
                && ast.getReference(e.id()).map(r -> r.name().equals(CLAIMS)).orElse(false);
    }

    private static Optional<String> stringConstant(CelExpr e) {
        return e.getKind() == CelExpr.ExprKind.Kind.CONSTANT && e.constant().getKind() == CelConstant.Kind.STRING_VALUE
                ? Optional.of(e.constant().stringValue()) : Optional.empty();
    }

    @Override
    public String toString() {
        return source;
    }
}
