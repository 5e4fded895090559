package dev.wifbroker.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A {@code when} expression can never make a load or an exchange expensive. */
class WhenExpressionBoundsTest {
    private static final String TWENTY = "[" + String.join(",", Collections.nCopies(20, "1")) + "]";

    /** {@code depth} comprehensions over a 20-element literal list, nested: 20^depth iterations. */
    private static String nestedAll(int depth) {
        String e = "claims.sub == \"x\"";
        for (int i = depth - 1; i >= 0; i--) {
            e = TWENTY + ".all(v" + i + ", " + e + ")";
        }
        return e;
    }

    static Stream<Arguments> bombs() {
        return Stream.of(
                Arguments.of("longer than the length limit", "claims.sub == \"" + "x".repeat(5000) + "\"",
                        "expression is 5016 characters long; the limit is 4096"),
                Arguments.of("parentheses nested 1500 deep", "(".repeat(1500) + "true" + ")".repeat(1500),
                        "nests deeper than 32 levels; the limit is 32"),
                Arguments.of("a field selection 1000 deep", "claims" + ".x".repeat(1000) + " == \"y\"", "nests deeper than 32 levels"),
                Arguments.of("sums nested 600 deep", "1 + (".repeat(600) + "1" + ")".repeat(600) + " > 0",
                        "nests deeper than 32 levels"),
                Arguments.of("lists nested 1000 deep", "[".repeat(1000) + "]".repeat(1000) + ".size() == 1",
                        "nests deeper than 32 levels"),
                Arguments.of("six comprehensions over 20-element lists (64 million iterations)", nestedAll(6),
                        "comprehensions over literal lists can run 67,368,420 iterations"),
                Arguments.of("map of map of map of 20-element lists (memory)", TWENTY + ".map(a, " + TWENTY + ".map(b, " + TWENTY
                        + ".map(c, c))).size() > 0", "iterations (nested comprehensions multiply); the limit is 1000"),
                Arguments.of("a large regex compiled in every iteration of a token list",
                        "claims.groups.exists(g, g.matches(\"[a-z]{1,1000}\"))",
                        "evaluation steps (each comprehension body can run 1000 times); the limit is 100,000"),
                Arguments.of("a regex bomb in matches()", "claims.sub.matches(\"((((x{100}){100}){100}){100})\")",
                        "matches(): regex would compile to 102,020,204 instructions"),
                Arguments.of("a regex the token chooses", "claims.sub.matches(claims.pattern)",
                        "matches() takes a string literal pattern"),
                Arguments.of("the global form with a computed regex", "matches(claims.sub, claims.pattern + \"x\")",
                        "matches() takes a string literal pattern"),
                Arguments.of("an invalid regex literal", "claims.sub.matches(\"(unclosed\")", "matches(): invalid regex"));
    }

    @ParameterizedTest(name = "{0} -> refused at load")
    @MethodSource("bombs")
    void expensive_expressions_are_refused_at_load_quickly_naming_the_limit(String name, String source, String message) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> WhenExpression.compile(source))
                .isInstanceOf(WhenExpression.InvalidExpression.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600)));
    }

    /** {@code start} followed by {@code times} chained {@code .map(a, body)}. */
    private static String chain(String start, String body, int times) {
        return start + (".map(a, " + body + ")").repeat(times);
    }

    static Stream<Arguments> growingValues() {
        String tower = chain("[1]", "[a, a, a, a, a, a, a, a]", 9);
        return Stream.of(
                Arguments.of("a claim doubled by 24 chained map() calls (out of memory)",
                        "has(claims.workflow) && size(" + chain("[claims.workflow]", "a + a", 24) + "[0]) > 0",
                        "expression can build a value of"),
                Arguments.of("a literal doubled by 24 chained map() calls, read by the absent-claim lint",
                        "size(" + chain("[\"x\"]", "a + a", 24) + "[0]) > 0", "expression can build a value of"),
                Arguments.of("a claim concatenated eightfold twice", "size(" + chain("[claims.ref]", "a + a + a + a + a + a + a + a", 2)
                        + "[0]) > 0", "the limit is 1,048,576"),
                Arguments.of("two equal towers of shared lists (8^9 element comparisons)", tower + " == " + tower,
                        "expression can build a value of"),
                Arguments.of("a claim copied once per element of a token list", "claims.groups.map(g, claims.sub).size() > 0",
                        "expression can build a value of 16,417,001"),
                Arguments.of("a claim searched for another in every pair of elements",
                        "claims.groups.all(g, claims.groups.all(h, claims.workflow.contains(claims.ref)))",
                        "characters or elements per evaluation"),
                Arguments.of("a claim searched for another claim (16 KiB x 16 KiB)", "claims.ref.contains(claims.workflow)",
                        "may compare, copy or scan 268,435,472 characters or elements per evaluation"),
                Arguments.of("eight slow regexes over one claim", IntStream.range(0, 8)
                        .mapToObj(i -> "claims.ref.matches(\"(x*){10}" + i + "\")").collect(Collectors.joining(" && ")),
                        "characters or elements per evaluation"));
    }

    @ParameterizedTest(name = "{0} -> refused at load")
    @MethodSource("growingValues")
    void values_that_grow_through_comprehensions_or_shared_lists_are_refused_at_load(String name, String source, String message) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> WhenExpression.compile(source))
                .isInstanceOf(WhenExpression.InvalidExpression.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600)));
    }

    @Test
    void the_largest_growth_allowed_evaluates_fast_on_a_full_size_claim() throws Exception {
        WhenExpression when = WhenExpression.compile("size(" + chain("[claims.workflow]", "a + a", 4) + "[0]) > 0");
        String claim = "w".repeat((int) DataCost.CLAIMS_SIZE);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(when.evaluate(Map.of("workflow", claim)).value()).isTrue());
        assertThatThrownBy(() -> WhenExpression.compile("size(" + chain("[claims.workflow]", "a + a", 7) + "[0]) > 0"))
                .hasMessageContaining("expression can build a value of");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "claims.runner_environment == \"github-hosted\"",
        "claims.groups.exists(g, g.startsWith(\"team-\") && g.endsWith(\"-admins\"))",
        "claims.ref.matches(\"refs/heads/(main|release/v[0-9]+)\")",
        "claims.groups.exists(g, g.matches(\"team-[a-z]{1,30}\"))",
        "[\"a\", \"b\", \"c\"].exists(x, x in claims.groups)",
        "claims.a == \"1\" || claims.b == \"2\" || claims.c == \"3\" || claims.d == \"4\" || claims.e == \"5\" || claims.f == \"6\""
                + " || claims.g == \"7\" || claims.h == \"8\" || claims.i == \"9\" || claims.j == \"10\" || claims.k == \"11\"",
        "((((((((claims.sub == \"x\"))))))))",
        "claims.groups.filter(g, g.startsWith(\"team-\")).size() > 0",
        "claims.groups.map(g, g + \"-x\").exists(g, g == \"a-x\")",
        "claims.groups.exists(g, g == claims.ref || g == claims.workflow)",
        "claims.groups.exists(g, g.contains(\"admin\"))",
        "claims.groups.all(a, claims.groups.exists(b, a == b))",
        "size(claims) > 0 && claims.all(k, k.size() < 100)",
        "claims.ref + \"/\" + claims.sha == claims.workflow_ref",
        "claims.ref.matches(\"(x{0,30}|y{1,30}){0,30}\")"})
    void realistic_expressions_stay_within_the_limits(String source) throws Exception {
        assertThat(WhenExpression.compile(source).source()).isEqualTo(source);
    }

    @Test
    void nested_comprehensions_within_the_iteration_limit_load_and_evaluate() throws Exception {
        WhenExpression two = WhenExpression.compile(nestedAll(2));
        assertThat(two.evaluate(Map.of("sub", "x")).value()).isTrue();
        assertThatThrownBy(() -> WhenExpression.compile(nestedAll(3))).hasMessageContaining("8,420 iterations");
    }

    @Test
    void a_token_list_longer_than_the_iteration_limit_makes_the_condition_false_fast() throws Exception {
        WhenExpression when = WhenExpression.compile("claims.groups.exists(g, g == \"admins\")");
        List<String> groups = IntStream.range(0, 50_000).mapToObj(i -> "g" + i).toList();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            WhenExpression.Result r = when.evaluate(Map.of("groups", groups));
            assertThat(r.value()).isFalse();
            assertThat(r.error()).contains("1000");
        });
        assertThat(when.evaluate(Map.of("groups", List.of("dev", "admins"))).value()).isTrue();
    }

    @Test
    void a_token_cannot_multiply_iterations_through_nested_comprehensions_over_its_own_lists() throws Exception {
        WhenExpression when = WhenExpression.compile("claims.a.exists(x, claims.b.exists(y, x == y && x == \"none\"))");
        List<String> many = IntStream.range(0, 5_000).mapToObj(i -> "v" + i).toList();
        assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> assertThat(when.evaluate(Map.of("a", many, "b", many)).value()).isFalse());
    }
}
