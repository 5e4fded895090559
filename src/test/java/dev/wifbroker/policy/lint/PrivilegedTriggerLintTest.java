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
 * {@code privileged-trigger}: every trigger that runs proposed code with the base repository's identity is
 * judged on its own, explicitly admitted (error) or implicitly admitted by an unbound trigger (warning), and
 * each against the role's deny rules, so a deny for one trigger never hides another.
 */
class PrivilegedTriggerLintTest {
    @TempDir
    Path tmp;

    static final String GITHUB = """
            role: deploy
            trust:
              - issuer: github
                claims:
                  repository: acme/payments
                  repository_id: "892551"
            %s
            credentials:
              internal: {audience: api, scopes: [x]}
            """;
    static final String GITLAB = """
            role: deploy
            trust:
              - issuer: gitlab
                claims:
                  project_path: acme/tools
                  project_id: "4821"
            %s
            credentials:
              internal: {audience: api, scopes: [x]}
            """;

    static String github(String rest) {
        return GITHUB.formatted(rest.stripTrailing());
    }

    static String gitlab(String rest) {
        return GITLAB.formatted(rest.stripTrailing());
    }

    static Stream<Arguments> findings() {
        return Stream.of(
                Arguments.of("event_name pull_request with neither ref nor environment -> error",
                        github("      event_name: {oneOf: [push, pull_request]}"), Problem.Severity.ERROR, "admits 'pull_request'", null),
                Arguments.of("gitlab external_pull_request_event -> error",
                        gitlab("      pipeline_source: {oneOf: [push, external_pull_request_event]}"), Problem.Severity.ERROR,
                        "admits 'external_pull_request_event'", null),
                Arguments.of("a deny for pull_request_target still leaves workflow_run and pull_request -> warning",
                        github("deny:\n  - issuer: github\n    claims: {event_name: pull_request_target}"), Problem.Severity.WARNING,
                        "workflow_run, pull_request runs are admitted", "pull_request_target,"),
                Arguments.of("ref bound: pull_request is refused by ref, workflow_run still implicit -> warning",
                        github("      ref: refs/heads/main\ndeny:\n  - issuer: github\n    claims: {event_name: pull_request_target}"),
                        Problem.Severity.WARNING, "so workflow_run runs are admitted", "pull_request"),
                Arguments.of("gitlab deny for merge-request pipelines still leaves external pull requests -> warning",
                        gitlab("deny:\n  - issuer: gitlab\n    claims: {pipeline_source: merge_request_event}"), Problem.Severity.WARNING,
                        "so external_pull_request_event pipelines are admitted", "merge_request_event,"),
                Arguments.of("gitlab rule with no trigger binding names both pipeline kinds -> warning",
                        gitlab(""), Problem.Severity.WARNING, "merge_request_event, external_pull_request_event pipelines", null));
    }

    /** A guard or gate counts only when it names chosen values: a pull request's own workflow can name any environment. */
    static Stream<Arguments> gatesThatNameNothing() {
        String pr = "      event_name: {oneOf: [push, pull_request]}\n";
        return Stream.of(
                Arguments.of("pull_request beside environment present -> error", github(pr + "      environment: {present: true}"),
                        Problem.Severity.ERROR, "admits 'pull_request'"),
                Arguments.of("pull_request beside environment not dev -> error", github(pr + "      environment: {not: dev}"),
                        Problem.Severity.ERROR, "admits 'pull_request'"),
                Arguments.of("pull_request beside environment regex [a-z]+ -> error", github(pr + "      environment: {regex: \"[a-z]+\"}"),
                        Problem.Severity.ERROR, "admits 'pull_request'"),
                Arguments.of("pull_request beside sub present -> error", github(pr + "      sub: {present: true}"),
                        Problem.Severity.ERROR, "admits 'pull_request'"),
                Arguments.of("unbound trigger beside environment present -> warning", github("      environment: {present: true}"),
                        Problem.Severity.WARNING, "pull_request_target, workflow_run, pull_request runs are admitted"),
                Arguments.of("gitlab unbound trigger beside ref_protected present -> warning", gitlab("      ref_protected: {present: true}"),
                        Problem.Severity.WARNING, "merge_request_event, external_pull_request_event pipelines"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("gatesThatNameNothing")
    void a_gate_that_names_no_value_does_not_hide_a_privileged_trigger(String name, String role, Problem.Severity severity, String text) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        assertThat(hits(result)).as(result.problems().toString()).anySatisfy(p -> {
            assertThat(p.severity()).isEqualTo(severity);
            assertThat(p.message()).contains(text);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("findings")
    void each_privileged_trigger_is_reported(String name, String role, Problem.Severity severity, String text, String notText) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        List<Problem> hits = hits(result);
        assertThat(hits).as(result.problems().toString()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(severity);
            assertThat(p.message()).contains(text).contains("Fix:");
            if (notText != null) {
                assertThat(p.message()).doesNotContain(notText);
            }
        });
    }

    static Stream<Arguments> clean() {
        return Stream.of(
                Arguments.of("pull_request with ref bound to a branch never matches a PR run",
                        github("      ref: refs/heads/main\n      event_name: {oneOf: [push, pull_request]}")),
                Arguments.of("pull_request through a protected environment",
                        github("      environment: production\n      event_name: {oneOf: [push, pull_request]}")),
                Arguments.of("every privileged trigger denied, each by its own rule or a ref that every PR run carries",
                        github("deny:\n  - issuer: github\n    claims: {event_name: {oneOf: [pull_request_target, workflow_run]}}\n"
                                + "  - issuer: github\n    claims: {ref: {glob: \"refs/pull/**\"}}")),
                Arguments.of("gitlab both pipeline kinds denied",
                        gitlab("deny:\n  - issuer: gitlab\n    claims: {pipeline_source: {oneOf: [merge_request_event, external_pull_request_event]}}")),
                Arguments.of("gitlab protected refs only", gitlab("      ref_protected: \"true\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clean")
    void rules_that_exclude_every_privileged_trigger_have_no_finding(String name, String role) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        assertThat(hits(result)).as(result.problems().toString()).isEmpty();
    }

    private static List<Problem> hits(PolicyLoader.Result result) {
        return result.problems().stream().filter(p -> p.message().startsWith("[privileged-trigger]")).toList();
    }
}
