package dev.wifbroker.policy.cel;

import dev.cel.common.CelAbstractSyntaxTree;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.Optional;

/**
 * A rule's optional {@code when:} CEL expression, parsed and type-checked once when the policy loads.
 * The only variable is {@code claims}, the identity's attribute map (string to string or list of
 * strings). The expression must be boolean; an evaluation error (e.g. reading a claim the token lacks)
 * makes the condition false, never true.
 */
public final class WhenExpression {
    /** Immutable and thread-safe; shared so each policy load does not rebuild the CEL environment. */
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("claims", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private static final String CLAIMS = "claims";
    static final int MAX_LENGTH = 4096;

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
            throw new InvalidExpression("expression is longer than " + MAX_LENGTH + " characters");
        }
        CelValidationResult result = COMPILER.compile(source);
        if (result.hasError()) {
            throw new InvalidExpression(result.getErrorString());
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new WhenExpression(source, RUNTIME.createProgram(ast), referencedClaims(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidExpression(e.getMessage());
        }
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
