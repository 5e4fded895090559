package dev.wifbroker.policy.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import dev.wifbroker.yaml.YamlObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                c("exact equal -> match", "refs/heads/main", "refs/heads/main", true),
                c("exact differs in case -> no match", "refs/heads/main", "refs/heads/Main", false),
                c("exact on missing claim -> no match", "refs/heads/main", null, false),
                c("exact on list claim, one element equal -> match", "https://broker", List.of("x", "https://broker"), true),
                c("oneOf member -> match", "{oneOf: [push, workflow_dispatch]}", "workflow_dispatch", true),
                c("oneOf non-member -> no match", "{oneOf: [push, workflow_dispatch]}", "pull_request", false),
                c("glob * within a segment -> match", "{glob: \"refs/tags/v*\"}", "refs/tags/v1.2.0", true),
                c("glob * never crosses / -> no match", "{glob: \"acme/*\"}", "acme/app/evil", false),
                c("glob ** crosses / -> match", "{glob: \"acme/**\"}", "acme/app/deep", true),
                c("glob ? is one character -> match", "{glob: \"v?\"}", "v1", true),
                c("glob treats regex metacharacters literally -> no match", "{glob: \"a.c\"}", "abc", false),
                c("glob on missing claim -> no match", "{glob: \"**\"}", null, false),
                c("regex is anchored at both ends -> no match on substring", "{regex: \"main\"}", "refs/heads/main", false),
                c("regex full match -> match", "{regex: \"refs/tags/v[0-9]+\\\\.[0-9]+\"}", "refs/tags/v1.22", true),
                c("regex alternation stays anchored -> no match", "{regex: \"a|b\"}", "ab", false),
                c("not of a different value -> match", "{not: dev}", "prod", true),
                c("not of the same value -> no match", "{not: dev}", "dev", false),
                c("not on missing claim is false, never true -> no match", "{not: dev}", null, false),
                c("not on empty list is false -> no match", "{not: dev}", List.of(), false),
                c("not over a list: no element may match -> no match", "{not: {oneOf: [a]}}", List.of("b", "a"), false),
                c("present on a value -> match", "{present: true}", "x", true),
                c("present on missing claim -> no match", "{present: true}", null, false),
                c("absent on missing claim -> match", "{absent: true}", null, true),
                c("absent on a value -> no match", "{absent: true}", "x", false),
                c("present on an empty list counts as missing -> no match", "{present: true}", List.of(), false),
                c("present on a list of empty strings counts as missing -> no match", "{present: true}", List.of(""), false),
                c("present on an empty string counts as missing -> no match", "{present: true}", "", false),
                c("absent on an empty list -> match", "{absent: true}", List.of(), true),
                c("absent on an empty string -> match", "{absent: true}", "", true),
                c("not on an empty string is false -> no match", "{not: dev}", "", false),
                c("not on a list of empty strings is false -> no match", "{not: dev}", List.of(""), false),
                c("glob * never matches an empty list element -> no match", "{glob: \"*\"}", List.of(""), false));
    }

    private static Arguments c(String name, String yaml, Object value, boolean expected) {
        return Arguments.of(name, yaml, value, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matcher_semantics(String name, String yaml, Object value, boolean expected) {
        Matcher m = parse(yaml).orElseThrow();
        assertThat(m.matches(value)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("unknown matcher kind", "{contains: x}", "unknown matcher 'contains'"),
                Arguments.of("two kinds in one mapping", "{glob: a, regex: b}", "exactly one matcher"),
                Arguments.of("bare list is ambiguous", "[a, b]", "write {oneOf"),
                Arguments.of("empty oneOf", "{oneOf: []}", "non-empty list"),
                Arguments.of("duplicate oneOf value", "{oneOf: [a, a]}", "lists 'a' twice"),
                Arguments.of("invalid regex", "{regex: \"a(\"}", "invalid regex"),
                Arguments.of("backreference is not RE2", "{regex: \"(a)\\\\1\"}", "invalid regex"),
                Arguments.of("present: false", "{present: false}", "takes only true"),
                Arguments.of("not around absent", "{not: {absent: true}}", "instead of not"),
                Arguments.of("null value", "~", "has no value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_matchers_are_reported_with_a_reason(String name, String yaml, String message) {
        Problems problems = new Problems("t.yaml");
        Optional<Matcher> m = parse(yaml, problems);
        assertThat(m).isEmpty();
        assertThat(problems.all()).anySatisfy(p -> assertThat(p.message()).contains(message));
    }

    @Test
    void glob_translation_quotes_literals() {
        assertThat(Globs.toRegex("a.b/*/**")).isEqualTo("a\\.b/[^/]*/(?s:.*)");
    }

    @Test
    void a_oneOf_of_a_hundred_thousand_values_parses_in_linear_time_and_still_refuses_duplicates() {
        String values = IntStream.range(0, 100_000).mapToObj(Integer::toHexString)
                .collect(Collectors.joining(","));
        Matcher m = assertTimeoutPreemptively(Duration.ofSeconds(3),
                () -> parse("{oneOf: [" + values + "]}").orElseThrow());
        assertThat(m.test("1869f")).isTrue();
        Problems problems = new Problems("t.yaml");
        parse("{oneOf: [" + values + ",ff]}", problems);
        assertThat(problems.all()).singleElement().satisfies(p -> assertThat(p.message()).contains("oneOf lists 'ff' twice"));
    }

    private static Optional<Matcher> parse(String yaml) {
        Problems problems = new Problems("t.yaml");
        Optional<Matcher> m = parse(yaml, problems);
        assertThat(problems.all()).isEmpty();
        return m;
    }

    private static Optional<Matcher> parse(String yaml, Problems problems) {
        YamlObject root = YamlFile.parse("c: " + yaml, problems).orElseThrow();
        return MatcherParser.parse("c", root.raw("c").orElseThrow(), problems);
    }
}
