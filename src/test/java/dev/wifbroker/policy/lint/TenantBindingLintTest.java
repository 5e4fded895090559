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
 * {@code no-tenant-binding} judges what a rule's matchers mean, not whether they refuse a probe value: on
 * github.com and gitlab.com the tenant must be pinned by exact IDs or names, or by a literal owner part of a
 * pattern; anything a pattern could stretch to another tenant is an error naming the open claim.
 */
class TenantBindingLintTest {
    @TempDir
    Path tmp;

    static String role(String issuer, String... claims) {
        StringBuilder out = new StringBuilder("role: deploy\ntrust:\n  - issuer: " + issuer + "\n    claims:\n");
        for (String c : claims) {
            out.append("      ").append(c).append('\n');
        }
        return out.append("credentials:\n  internal: {audience: api, scopes: [x]}\n").toString();
    }

    static Arguments open(String name, String openClaim, String issuer, String... claims) {
        return Arguments.of(name, role(issuer, claims), openClaim);
    }

    static Stream<Arguments> tenantLeftOpen() {
        return Stream.of(
                open("repository_id regex [0-9]+ beside ref and environment admits every repository", "'repository_id': regex [0-9]+",
                        "github", "repository_id: {regex: \"[0-9]+\"}", "ref: refs/heads/main", "environment: production",
                        "event_name: push"),
                open("repository glob */payments leaves the owner open", "'repository': glob */payments",
                        "github", "repository: {glob: \"*/payments\"}", "ref: refs/heads/main", "event_name: push"),
                open("repository regex [^/]+/x leaves the owner open", "'repository': regex [^/]+/x",
                        "github", "repository: {regex: \"[^/]+/x\"}", "ref: refs/heads/main", "event_name: push"),
                open("owner class [a-z-]+ stretches to any owner", "'repository': regex [a-z-]+/payments",
                        "github", "repository: {regex: \"[a-z-]+/payments\"}", "ref: refs/heads/main", "event_name: push"),
                open("owner class \\w+ stretches to any owner", "'repository': regex \\w+/payments",
                        "github", "repository: {regex: \"\\\\w+/payments\"}", "ref: refs/heads/main", "event_name: push"),
                open("owner glob acme* also matches acme-evil", "'repository': glob acme*/payments",
                        "github", "repository: {glob: \"acme*/payments\"}", "ref: refs/heads/main", "event_name: push"),
                open("optional separator acme/? does not end the owner", "'repository': regex acme/?payments",
                        "github", "repository: {regex: \"acme/?payments\"}", "ref: refs/heads/main", "event_name: push"),
                open("top-level alternation makes the literal optional", "'repository': regex acme/payments|evil/.+",
                        "github", "repository: {regex: \"acme/payments|evil/.+\"}", "ref: refs/heads/main", "event_name: push"),
                open("case-insensitive flag before the owner", "'repository': regex (?i)acme/payments",
                        "github", "repository: {regex: \"(?i)acme/payments\"}", "ref: refs/heads/main", "event_name: push"),
                open("sub glob open on the owner", "'sub': glob repo:*/payments:ref:refs/heads/main",
                        "github", "sub: {glob: \"repo:*/payments:ref:refs/heads/main\"}", "event_name: push"),
                open("sub regex open on the owner", "'sub': regex repo:[^/]+/payments:ref:refs/heads/main",
                        "github", "sub: {regex: \"repo:[^/]+/payments:ref:refs/heads/main\"}", "event_name: push"),
                open("customized sub naming only the reusable workflow", "names no owner or repository",
                        "github", "sub: \"job_workflow_ref:acme/deploy/.github/workflows/d.yml@refs/heads/main\"", "event_name: push"),
                open("not on a repository is not a pin", "'repository': not evil/x",
                        "github", "repository: {not: evil/x}", "ref: refs/heads/main", "event_name: push"),
                open("owner ID with a repository_id pattern is owner-wide", "pinning only the owner",
                        "github", "repository_owner_id: \"1342004\"", "repository_id: {regex: \"[0-9]+\"}", "ref: refs/heads/main",
                        "event_name: push"),
                open("gitlab project_id regex \\d+ admits every project", "'project_id': regex \\d+",
                        "gitlab", "project_id: {regex: \"\\\\d+\"}", "ref_protected: \"true\""),
                open("gitlab project_path glob */tools leaves the group open", "'project_path': glob */tools",
                        "gitlab", "project_path: {glob: \"*/tools\"}", "ref_protected: \"true\""),
                open("gitlab sub glob open on the group", "'sub': glob project_path:*/tools:*",
                        "gitlab", "sub: {glob: \"project_path:*/tools:*\"}", "ref_protected: \"true\""),
                open("gitlab namespace_id alone is owner-wide", "pinning only the owner",
                        "gitlab", "namespace_id: \"72\"", "ref_protected: \"true\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenantLeftOpen")
    void a_rule_that_leaves_the_tenant_open_is_an_error_naming_the_open_claim(String name, String role, String openClaim) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        List<Problem> hits = hits(result);
        assertThat(hits).as(result.problems().toString()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.message()).contains(openClaim).contains("Fix: add");
            assertThat(p.line()).isEqualTo(3);
        });
        assertThat(result.set()).isEmpty();
    }

    static Stream<Arguments> tenantPinned() {
        return Stream.of(
                Arguments.of("repository_id oneOf", role("github", "repository_id: {oneOf: [\"892551\", \"892552\"]}",
                        "ref: refs/heads/main", "event_name: push")),
                Arguments.of("exact sub in the name form", role("github", "sub: \"repo:acme/payments:ref:refs/heads/main\"",
                        "event_name: push")),
                Arguments.of("exact sub in the immutable-ID form",
                        role("github", "sub: \"repo:acme@1342004/payments@892551:ref:refs/heads/main\"", "event_name: push")),
                Arguments.of("customized sub with repository_id first",
                        role("github", "sub: \"repository_id:892551:environment:production\"", "event_name: push")),
                Arguments.of("sub glob with a literal owner (owner-wide is broad-wildcard's call)",
                        role("github", "sub: {glob: \"repo:acme/*:ref:refs/heads/main\"}", "event_name: push")),
                Arguments.of("sub regex with a literal repository", role("github",
                        "sub: {regex: \"repo:acme/payments:ref:refs/heads/(main|release)\"}", "event_name: push")),
                Arguments.of("anchored literal regex with an escaped dash", role("github",
                        "repository: {regex: \"^acme\\\\-corp/payments$\"}", "ref: refs/heads/main", "event_name: push")),
                Arguments.of("owner ID narrowed by a repository name pattern", role("github", "repository_owner_id: \"1342004\"",
                        "repository: {glob: \"*/payments\"}", "ref: refs/heads/main", "event_name: push")),
                Arguments.of("gitlab project_path exact", role("gitlab", "project_path: acme/tools", "ref_protected: \"true\"")),
                Arguments.of("gitlab exact sub", role("gitlab", "sub: \"project_path:acme/tools:ref_type:branch:ref:main\"",
                        "ref_protected: \"true\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenantPinned")
    void a_rule_that_pins_the_tenant_has_no_tenant_finding(String name, String role) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        assertThat(hits(result)).as(result.problems().toString()).isEmpty();
    }

    private static List<Problem> hits(PolicyLoader.Result result) {
        return result.problems().stream().filter(p -> p.message().startsWith("[no-tenant-binding]")).toList();
    }
}
