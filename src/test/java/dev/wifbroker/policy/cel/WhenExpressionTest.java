package dev.wifbroker.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The claims a {@code when} reads come from the checked CEL AST, so string literals are never taken for claim names. */
class WhenExpressionTest {

    static Stream<Arguments> expressions() {
        return Stream.of(
                Arguments.of("membership in a list claim reads the list, not the literal (the docs' example)",
                        "has(claims.groups_direct) && \"release-managers\" in claims.groups_direct", Set.of("groups_direct")),
                Arguments.of("membership in the claims map reads that claim", "\"environment\" in claims", Set.of("environment")),
                Arguments.of("index with a literal key", "claims[\"kubernetes.io.namespace\"] == \"prod\"",
                        Set.of("kubernetes.io.namespace")),
                Arguments.of("select and has()", "has(claims.environment) && claims.ref == \"refs/heads/main\"",
                        Set.of("environment", "ref")),
                Arguments.of("a literal that looks like a field access is not a claim", "claims.ref == \"claims.sub\"", Set.of("ref")),
                Arguments.of("a comprehension variable is not the claims map",
                        "has(claims.aud) && claims.aud.exists(a, a == \"x\")", Set.of("aud")),
                Arguments.of("a computed key names no claim", "claims[claims.key_name] == \"x\"", Set.of("key_name")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("expressions")
    void claims_read_are_taken_from_the_ast(String name, String source, Set<String> expected) throws Exception {
        assertThat(WhenExpression.compile(source).claimsRead()).containsExactlyInAnyOrderElementsOf(expected);
    }
}
