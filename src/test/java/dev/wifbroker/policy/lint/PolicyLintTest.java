package dev.wifbroker.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One named case per lint of DESIGN.md §2: the role (or issuer) that triggers it, the lint id, its
 * severity and the line the finding points at. A safe baseline role proves each finding is caused by the
 * one change in the case.
 */
class PolicyLintTest {
    @TempDir
    Path tmp;

    /** A GitHub rule that passes every lint; cases replace one line of it. */
    static final String SAFE = """
            role: deploy
            trust:
              - issuer: github
                claims:
                  repository: acme/payments
                  repository_id: "892551"
                  ref: refs/heads/main
                  event_name: push
            credentials:
              aws: {roleArn: "arn:aws:iam::123456789012:role/deploy", duration: 15m}
            """;

    static Stream<Arguments> lints() {
        return Stream.of(
                lint("issuer audience shared with AWS STS -> no-audience-binding error", null,
                        "no-audience-binding", Problem.Severity.ERROR, 0),
                lint("github rule binding only ref -> no-tenant-binding error",
                        SAFE.replace("      repository: acme/payments\n      repository_id: \"892551\"\n", ""),
                        "no-tenant-binding", Problem.Severity.ERROR, 3),
                lint("github rule binding only repository_owner -> no-tenant-binding error",
                        SAFE.replace("      repository: acme/payments\n      repository_id: \"892551\"\n",
                                "      repository_owner_id: \"1342004\"\n"),
                        "no-tenant-binding", Problem.Severity.ERROR, 3),
                lint("repository glob ** is not a binding -> no-tenant-binding error",
                        SAFE.replace("repository: acme/payments\n      repository_id: \"892551\"",
                                "repository: {glob: \"**\"}"),
                        "no-tenant-binding", Problem.Severity.ERROR, 3),
                lint("owner-wide repository glob acme/* -> broad-wildcard error",
                        SAFE.replace("repository: acme/payments", "repository: {glob: \"acme/*\"}"),
                        "broad-wildcard", Problem.Severity.ERROR, 5),
                lint("owner-wide sub regex -> broad-wildcard error",
                        SAFE.replace("repository: acme/payments", "sub: {regex: \"repo:acme/[^/]+:ref:refs/heads/main\"}"),
                        "broad-wildcard", Problem.Severity.ERROR, 5),
                lint("bare * on environment -> broad-wildcard error",
                        SAFE.replace("event_name: push", "event_name: push\n      environment: {glob: \"*\"}"),
                        "broad-wildcard", Problem.Severity.ERROR, 9),
                lint("event_name admits pull_request_target -> privileged-trigger error",
                        SAFE.replace("event_name: push", "event_name: {oneOf: [push, pull_request_target]}"),
                        "privileged-trigger", Problem.Severity.ERROR, 8),
                lint("ref glob admits refs/pull/* -> privileged-trigger error",
                        SAFE.replace("ref: refs/heads/main", "ref: {glob: \"refs/**\"}"),
                        "privileged-trigger", Problem.Severity.ERROR, 7),
                lint("event_name and environment unbound -> privileged-trigger warning",
                        SAFE.replace("      event_name: push\n", ""),
                        "privileged-trigger", Problem.Severity.WARNING, 3),
                lint("repo-wide sub admits the pull_request context -> privileged-trigger error",
                        SAFE.replace("repository: acme/payments", "sub: {glob: \"repo:acme/payments:*\"}"),
                        "privileged-trigger", Problem.Severity.ERROR, 5),
                lint("regex ending in .* after a name -> pattern-syntax error",
                        SAFE.replace("repository: acme/payments", "repository: {regex: \"acme/payments.*\"}"),
                        "pattern-syntax", Problem.Severity.ERROR, 5),
                lint("gitlab merge-request pipelines admitted -> privileged-trigger error", """
                        role: release
                        trust:
                          - issuer: gitlab
                            claims:
                              project_path: acme/tools
                              project_id: "4821"
                              pipeline_source: {oneOf: [push, merge_request_event]}
                        credentials:
                          internal: {audience: api, scopes: [x]}
                        """, "privileged-trigger", Problem.Severity.ERROR, 7),
                lint("unanchored-in-effect regex -> pattern-syntax error",
                        SAFE.replace("ref: refs/heads/main", "ref: {regex: \".*main\"}"),
                        "pattern-syntax", Problem.Severity.ERROR, 7),
                lint("glob written inside a regex -> pattern-syntax error",
                        SAFE.replace("ref: refs/heads/main", "ref: {regex: \"refs/heads/*\"}"),
                        "pattern-syntax", Problem.Severity.ERROR, 7),
                lint("regex anchored at the start only -> pattern-syntax error",
                        SAFE.replace("ref: refs/heads/main", "ref: {regex: \"^refs/heads/\"}"),
                        "pattern-syntax", Problem.Severity.ERROR, 7),
                lint("glob-style v* inside a regex -> pattern-syntax error",
                        SAFE.replace("ref: refs/heads/main", "ref: {regex: \"refs/tags/v*\"}"),
                        "pattern-syntax", Problem.Severity.ERROR, 7),
                lint("unescaped dot in a regex -> pattern-syntax error",
                        SAFE.replace("event_name: push", "event_name: push\n      job_workflow_ref: {regex: \"acme/ci/deploy.yml@refs/tags/v1\"}"),
                        "pattern-syntax", Problem.Severity.ERROR, 9),
                lint("literal * in an exact value -> pattern-syntax error",
                        SAFE.replace("ref: refs/heads/main", "ref: refs/heads/*"),
                        "pattern-syntax", Problem.Severity.ERROR, 7),
                lint("trailing whitespace in a value -> pattern-syntax error",
                        SAFE.replace("ref: refs/heads/main", "ref: \"refs/heads/main \""),
                        "pattern-syntax", Problem.Severity.ERROR, 7),
                lint("absent: true in a trust rule -> absent-claim-passes error",
                        SAFE.replace("event_name: push", "event_name: push\n      head_ref: {absent: true}"),
                        "absent-claim-passes", Problem.Severity.ERROR, 9),
                lint("CEL negation true on a missing claim -> absent-claim-passes error",
                        SAFE.replace("event_name: push", "event_name: push\n    when: '!has(claims.environment) || claims.environment != \"dev\"'"),
                        "absent-claim-passes", Problem.Severity.ERROR, 3),
                lint("CEL all() over an empty list -> absent-claim-passes error",
                        SAFE.replace("event_name: push", "event_name: push\n    when: 'has(claims.aud) && claims.aud.all(a, a == \"x\")'"),
                        "absent-claim-passes", Problem.Severity.ERROR, 3),
                lint("claim the profile never emits -> unknown-claim error",
                        SAFE.replace("event_name: push", "event_name: push\n      repo: acme/payments"),
                        "unknown-claim", Problem.Severity.ERROR, 9),
                lint("CEL reads a claim the profile never emits -> unknown-claim error",
                        SAFE.replace("event_name: push", "event_name: push\n    when: 'claims.runner == \"github-hosted\"'"),
                        "unknown-claim", Problem.Severity.ERROR, 3),
                lint("sourceIdentity template on a claim the profile never emits -> unknown-claim error",
                        SAFE.replace("duration: 15m}", "duration: 15m, sourceIdentity: \"{runner}\"}"),
                        "unknown-claim", Problem.Severity.ERROR, 3),
                lint("gitlab ref_type mr -> impossible-value error", """
                        role: release
                        trust:
                          - issuer: gitlab
                            claims:
                              project_path: acme/tools
                              project_id: "4821"
                              ref_protected: "true"
                              ref_type: mr
                        credentials:
                          internal: {audience: api, scopes: [x]}
                        """, "impossible-value", Problem.Severity.ERROR, 8),
                lint("github ref without refs/heads/ -> impossible-value error",
                        SAFE.replace("ref: refs/heads/main", "ref: main"),
                        "impossible-value", Problem.Severity.ERROR, 7),
                lint("repository bound by name only -> name-only-binding warning",
                        SAFE.replace("      repository_id: \"892551\"\n", ""),
                        "name-only-binding", Problem.Severity.WARNING, 5),
                lint("aws duration 24h -> ttl-above-maximum error",
                        SAFE.replace("duration: 15m", "duration: 24h"),
                        "ttl-above-maximum", Problem.Severity.ERROR, 10),
                lint("session name from head_ref on a rule that admits pushes -> template-claim-may-be-absent error",
                        SAFE.replace("duration: 15m}", "duration: 15m, sessionName: \"pr-{head_ref}\"}"),
                        "template-claim-may-be-absent", Problem.Severity.ERROR, 10),
                lint("internal token for 2h -> ttl-above-maximum error",
                        SAFE.replace("aws: {roleArn: \"arn:aws:iam::123456789012:role/deploy\", duration: 15m}",
                                "internal: {audience: api, scopes: [x], duration: 2h}"),
                        "ttl-above-maximum", Problem.Severity.ERROR, 10));
    }

    private static Arguments lint(String name, String role, String id, Problem.Severity severity, int line) {
        return Arguments.of(name, role, id, severity, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lints")
    void each_lint_fires_on_its_misconfiguration(String name, String role, String id, Problem.Severity severity, int line) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("deploy", role == null ? SAFE : role);
        if (role == null) {
            dir.write("issuers/github.yaml", "name: github\nprofile: github-actions\n"
                    + "url: https://token.actions.githubusercontent.com\naudiences: [sts.amazonaws.com]\n");
        }
        PolicyLoader.Result result = PolicyLoader.load(dir.path());
        List<Problem> hits = result.problems().stream().filter(p -> p.message().startsWith("[" + id + "]")).toList();
        assertThat(hits).as(result.problems().toString()).isNotEmpty();
        assertThat(hits.get(0).severity()).isEqualTo(severity);
        assertThat(hits.get(0).message()).contains("Fix:");
        if (line > 0) {
            assertThat(hits.get(0).line()).as(hits.get(0).toString()).isEqualTo(line);
            assertThat(hits.get(0).file()).isEqualTo("roles/deploy.yaml");
        } else {
            assertThat(hits.get(0).file()).isEqualTo("issuers/github.yaml");
        }
        assertThat(result.set().isPresent()).isEqualTo(severity == Problem.Severity.WARNING);
    }

    @Test
    void the_safe_baseline_has_no_findings() {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", SAFE).path());
        assertThat(result.problems()).isEmpty();
        assertThat(result.set()).isPresent();
    }

    static Stream<Arguments> clean() {
        return Stream.of(
                Arguments.of("regex with a trailing .* after a separator is a deliberate prefix",
                        SAFE.replace("ref: refs/heads/main", "ref: {regex: \"refs/heads/release-[0-9]+\"}")),
                Arguments.of("sub pinned to a ref context is not a pull_request subject",
                        SAFE.replace("repository: acme/payments", "sub: {glob: \"repo:acme/payments:ref:refs/heads/*\"}")
                                .replace("ref: refs/heads/main", "ref: {regex: \"refs/heads/.*\"}")),
                Arguments.of("regex with escapes, classes and both anchors is fine",
                        SAFE.replace("ref: refs/heads/main", "ref: {regex: \"^refs/tags/v[0-9]+\\\\.[0-9]+\\\\.\\\\d*$\"}")),
                Arguments.of("GitHub's ref_protected is a known claim", SAFE.replace("event_name: push", "event_name: push\n      ref_protected: \"true\"")),
                Arguments.of("the docs' CEL list-membership example reads groups, not a claim named by the literal",
                        """
                        role: deploy
                        trust:
                          - issuer: gitlab
                            claims: {project_path: acme/tools, project_id: "4821", ref_protected: "true"}
                            when: 'has(claims.groups_direct) && "release-managers" in claims.groups_direct'
                        credentials:
                          aws: {roleArn: "arn:aws:iam::123456789012:role/deploy", duration: 15m}
                        """),
                Arguments.of("a deny rule may use absent", SAFE.replace("credentials:", "deny:\n  - issuer: github\n    claims: {environment: {absent: true}}\ncredentials:")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clean")
    void safe_variations_have_no_findings(String name, String role) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void an_issuer_without_audiences_is_refused() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("deploy", SAFE)
                .write("issuers/github.yaml", "name: github\nprofile: github-actions\nurl: https://token.actions.githubusercontent.com\n");
        PolicyLoader.Result result = PolicyLoader.load(dir.path());
        assertThat(result.set()).isEmpty();
        assertThat(result.errors()).anySatisfy(p -> assertThat(p.message()).contains("audiences is required"));
    }

    @Test
    void a_broken_issuer_or_role_file_does_not_hide_the_findings_of_other_roles() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp)
                .write("issuers/corp.yaml", "name: corp\nprofile: oidc\nurl: https://idp.corp.example.com\n")
                .role("broken", SAFE.replace("claims:", "claim:").replace("role: deploy", "role: broken"))
                .role("corp", SAFE.replace("issuer: github", "issuer: corp").replace("role: deploy", "role: corp"))
                .role("deploy", SAFE.replace("duration: 15m", "duration: 24h"));
        List<String> messages = PolicyLoader.load(dir.path()).problems().stream().map(Problem::toString).toList();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("issuers/corp.yaml:1:1: error: audiences is required"))
                .anySatisfy(m -> assertThat(m).startsWith("roles/broken.yaml:4:5: error: unknown field 'trust[0].claim'"))
                .anySatisfy(m -> assertThat(m).startsWith("roles/deploy.yaml:10:").contains("error: [ttl-above-maximum]"))
                .noneSatisfy(m -> assertThat(m).contains("unknown issuer 'corp'"));
    }

    static Stream<Arguments> brokerSignedLifetimes() {
        String head = "role: deploy\ntrust:\n  - issuer: kubernetes-prod\n    claims: {namespace: payments, service_account: api}\n"
                + "credentials:\n";
        return Stream.of(
                Arguments.of("internal token above the key ring's limit", head + "  internal: {audience: api, scopes: [x], duration: 45m}\n",
                        true),
                Arguments.of("azure assertion above the key ring's limit", head + "  azure: {tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47,"
                        + " clientId: 0d8f4c5e-7a1b-4c2d-9e3f-5a6b7c8d9e0f, mode: assertion, duration: 45m}\n", true),
                Arguments.of("internal token at the limit", head + "  internal: {audience: api, scopes: [x], duration: 30m}\n", false),
                Arguments.of("an AWS session lifetime is STS's, not the key ring's",
                        head + "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", duration: 2h}\n", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokerSignedLifetimes")
    void a_duration_above_broker_keys_max_token_lifetime_is_refused_naming_the_limit(String name, String role, boolean refused) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path(),
                new LintSettings(java.time.Duration.ofMinutes(30)));
        List<Problem> hits = result.problems().stream().filter(p -> p.message().startsWith("[ttl-above-maximum]")).toList();
        if (refused) {
            assertThat(hits).singleElement().satisfies(p -> {
                assertThat(p.message()).contains("above broker.keys.max-token-lifetime 30m").contains("Fix: set duration to at most 30m");
                assertThat(p.line()).isEqualTo(6);
            });
            assertThat(result.set()).isEmpty();
            assertThat(PolicyLoader.load(tmp).set()).as("the default limit of 1h admits it").isPresent();
        } else {
            assertThat(hits).as(result.problems().toString()).isEmpty();
        }
    }

    @Test
    void the_default_lint_limit_is_the_brokers_default_max_token_lifetime() throws java.io.IOException {
        java.util.Properties props = new java.util.Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            props.load(in);
        }
        assertThat(dev.wifbroker.yaml.DurationText.parse(props.getProperty("broker.keys.max-token-lifetime")))
                .isEqualTo(LintSettings.DEFAULTS.maxTokenLifetime());
    }

    @Test
    void every_documented_lint_id_has_a_case() {
        List<String> covered = lints().map(a -> (String) a.get()[2]).distinct().toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(PolicyLinter.IDS);
    }
}
