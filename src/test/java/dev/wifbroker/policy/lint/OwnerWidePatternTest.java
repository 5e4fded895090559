package dev.wifbroker.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Owner-wide is judged from what a pattern accepts after the owner (RE2J's parse tree), not from how its text
 * looks: each of these admitted every repository of {@code acme} with no error before.
 */
class OwnerWidePatternTest {
    @TempDir
    Path tmp;

    private static String role(String... claims) {
        StringBuilder out = new StringBuilder("role: deploy\ntrust:\n  - issuer: github\n    claims:\n");
        for (String c : claims) {
            out.append("      ").append(c).append('\n');
        }
        return out.append("      ref: refs/heads/main\n      event_name: push\ncredentials:\n  internal: {audience: api, scopes: [x]}\n")
                .toString();
    }

    private static String gitlab(String... claims) {
        StringBuilder out = new StringBuilder("role: deploy\ntrust:\n  - issuer: gitlab\n    claims:\n");
        for (String c : claims) {
            out.append("      ").append(c).append('\n');
        }
        return out.append("      ref_protected: \"true\"\ncredentials:\n  internal: {audience: api, scopes: [x]}\n").toString();
    }

    static Stream<Arguments> ownerWide() {
        return Stream.of(
                Arguments.of("alternation with an open branch acme/(app|.*)", role("repository: {regex: \"acme/(app|.*)\"}"),
                        "broad-wildcard"),
                Arguments.of("unicode letter class acme/\\pL+", role("repository: {regex: \"acme/\\\\pL+\"}"), "broad-wildcard"),
                Arguments.of("dot-all group acme/(?s:.)*", role("repository: {regex: \"acme/(?s:.)*\"}"), "broad-wildcard"),
                Arguments.of("bounded any acme/.{0,100}", role("repository: {regex: \"acme/.{0,100}\"}"), "broad-wildcard"),
                Arguments.of("twenty optional characters", role("repository: {regex: \"acme/" + ".?".repeat(20) + "\"}"),
                        "broad-wildcard"),
                Arguments.of("an alternation of every name character, repeated",
                        role("repository: {regex: \"acme/(a|b|c|d|e|f|g|h|i|j|k|l|m|n|o|p|q|r|s|t|u|v|w|x|y|z|-|_|0|1|2)*\"}"),
                        "broad-wildcard"),
                Arguments.of("owner ID beside the glob */*", role("repository_owner_id: \"1342004\"", "repository: {glob: \"*/*\"}"),
                        "no-tenant-binding"),
                Arguments.of("owner name beside the regex [^/]+/.*", role("repository_owner: acme", "repository: {regex: \"[^/]+/.*\"}"),
                        "no-tenant-binding"),
                Arguments.of("owner ID beside sub repo:*/*:ref:refs/heads/main",
                        role("repository_owner_id: \"1342004\"", "sub: {glob: \"repo:*/*:ref:refs/heads/main\"}"), "no-tenant-binding"),
                Arguments.of("gitlab namespace beside sub project_path:**",
                        gitlab("namespace_path: acme", "sub: {glob: \"project_path:**\"}"), "no-tenant-binding"),
                Arguments.of("gitlab namespace ID beside project_path */*/*",
                        gitlab("namespace_id: \"72\"", "project_path: {glob: \"*/*/*\"}"), "no-tenant-binding"));
    }

    @ParameterizedTest(name = "{0} -> {2} error")
    @MethodSource("ownerWide")
    void a_pattern_that_leaves_the_name_after_the_owner_open_is_an_error(String name, String role, String lint) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        List<Problem> errors = result.problems().stream().filter(Problem::isError).toList();
        assertThat(errors).as(result.problems().toString()).anySatisfy(p -> assertThat(p.message()).startsWith("[" + lint + "]"));
        assertThat(result.set()).isEmpty();
    }

    static Stream<Arguments> narrowing() {
        return Stream.of(
                Arguments.of("a name prefix acme/app-*", role("repository_id: \"892551\"", "repository: {glob: \"acme/app-*\"}")),
                Arguments.of("a finite alternation acme/(app|web)", role("repository_id: \"892551\"", "repository: {regex: \"acme/(app|web)\"}")),
                Arguments.of("a single-character class acme/[p]ayments", role("repository_id: \"892551\"",
                        "repository: {regex: \"acme/[p]ayments\"}")),
                Arguments.of("a name suffix beside an owner ID", role("repository_owner_id: \"1342004\"", "repository: {glob: \"*/payments\"}")),
                Arguments.of("a name with a literal after a class", role("repository_owner: acme", "repository: {regex: \"[^/]+/[a-z]+-api\"}")),
                Arguments.of("gitlab project in any subgroup named tools beside the namespace",
                        gitlab("namespace_path: acme", "project_path: {glob: \"acme/tools-*\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("narrowing")
    void a_pattern_with_a_literal_in_the_name_narrows_within_the_owner(String name, String role) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        assertThat(result.problems().stream().filter(p -> p.message().startsWith("[broad-wildcard]")
                || p.message().startsWith("[no-tenant-binding]"))).as(result.problems().toString()).isEmpty();
    }
}
