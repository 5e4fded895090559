package dev.wifbroker.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problems;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A policy test judges what the exchange would do, credential templates included, not only the policy decision. */
class PolicyTestRunnerTest {
    @TempDir
    Path tmp;
    PolicySet set;

    @BeforeEach
    void load() {
        set = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("session", """
                role: session
                trust:
                  - issuer: github
                    claims: {repository: acme/app, repository_id: "42", ref: refs/heads/main, event_name: push}
                credentials:
                  aws: {roleArn: "arn:aws:iam::123456789012:role/session", sessionName: "gha-{run_id}"}
                """).path()).set().orElseThrow();
    }

    static Stream<Arguments> cases() {
        String base = "defaults: {role: session, issuer: github, claims: {repository: acme/app, repository_id: \"42\","
                + " ref: refs/heads/main, event_name: push}}\ncases:\n  - ";
        return Stream.of(
                Arguments.of("expect allow fails when the template's claim is missing", base + "{name: a, expect: allow}", false,
                        "expected allow, but denied (no_matching_rule): trust[0] matched, but credentials.aws.sessionName"
                                + " 'gha-{run_id}' needs claim 'run_id'"),
                Arguments.of("expect allow passes when it renders", base + "{name: a, claims: {run_id: \"7\"}, expect: allow}", true,
                        "allowed by trust[0]"),
                Arguments.of("expect deny with the missing claim as failing passes",
                        base + "{name: a, expect: deny, reason: no_matching_rule, failing: run_id}", true, "denied (no_matching_rule)"),
                Arguments.of("expect deny naming another failing claim fails", base + "{name: a, expect: deny, failing: ref}", false,
                        "expected 'ref' to fail, but the failing claim was [run_id]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cases_see_the_credential_templates_as_the_exchange_does(String name, String yaml, boolean passed, String message) {
        Problems problems = new Problems("tests/t.yaml");
        PolicyTestCase c = PolicyTestFileParser.parse(yaml, problems).get(0);
        assertThat(problems.all()).isEmpty();
        PolicyTestRunner.Outcome o = PolicyTestRunner.run(set, c);
        assertThat(o.passed()).as(o.message()).isEqualTo(passed);
        assertThat(o.message()).contains(message);
    }
}
