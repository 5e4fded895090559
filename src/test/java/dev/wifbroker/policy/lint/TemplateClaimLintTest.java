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
 * {@code template-claim-may-be-absent}: a credential template on a claim the profile emits only for some tokens
 * must be backed by a binding in every trust rule, or the role allows tokens it can never mint for.
 */
class TemplateClaimLintTest {
    @TempDir
    Path tmp;

    static final String GITHUB = """
            role: deploy
            trust:
              - issuer: github
                claims:
                  repository: acme/payments
                  repository_id: "892551"
                  ref: refs/heads/main
                  event_name: push
            %s
            credentials:
            %s
            """;
    static final String K8S = """
            role: deploy
            trust:
              - issuer: kubernetes-prod
                claims: {namespace: checkout, service_account: checkout%s}
            credentials:
              internal: {audience: api, scopes: [x], claims: {caller: "{pod}"}}
            """;

    static String github(String claims, String credentials) {
        return GITHUB.formatted(claims, credentials);
    }

    static Stream<Arguments> cases() {
        String awsSession = "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", sessionName: \"pr-{head_ref}\"}";
        return Stream.of(
                Arguments.of("head_ref session name on a push rule", github("", awsSession), "'head_ref', which tokens admitted by trust[0] may lack (GitHub sets head_ref only for pull_request"),
                Arguments.of("environment tag without an environment binding", github("",
                        "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", tags: {env: \"{environment}\"}}"),
                        "credentials.aws.tags.env '{environment}' reads 'environment'"),
                Arguments.of("source identity from an enterprise claim", github("",
                        "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", sourceIdentity: \"{enterprise}\"}"),
                        "credentials.aws.sourceIdentity '{enterprise}'"),
                Arguments.of("internal claim from a pod name without a pod binding", K8S.formatted(""),
                        "credentials.internal.claims.caller '{pod}' reads 'pod'"),
                Arguments.of("a binding on another rule does not cover this one", github("      head_ref: {present: true}\n  - issuer: github\n"
                        + "    claims: {repository: acme/payments, repository_id: \"892551\", ref: refs/heads/main, event_name: push}", awsSession),
                        "admitted by trust[1] may lack"),
                Arguments.of("absent: true is not a binding", github("      head_ref: {absent: true}", awsSession), "admitted by trust[0] may lack"));
    }

    @ParameterizedTest(name = "{0} -> error")
    @MethodSource("cases")
    void a_template_on_a_claim_the_admitted_tokens_may_lack_is_an_error(String name, String role, String text) {
        List<Problem> hits = hits(role);
        assertThat(hits).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(Problem.Severity.ERROR);
            assertThat(p.message()).contains(text).contains("Fix: bind it in");
        });
    }

    static Stream<Arguments> clean() {
        return Stream.of(
                Arguments.of("head_ref bound present", github("      head_ref: {present: true}",
                        "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", sessionName: \"pr-{head_ref}\"}")),
                Arguments.of("environment bound to a value", github("      environment: production",
                        "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", tags: {env: \"{environment}\"}}")),
                Arguments.of("claims every GitHub token carries", github("",
                        "  aws: {roleArn: \"arn:aws:iam::123456789012:role/d\", sessionName: \"gha-{run_id}-{run_attempt}\","
                                + " tags: {repo: \"{repository}\"}}")),
                Arguments.of("pod bound present", K8S.formatted(", pod: {present: true}")));
    }

    @ParameterizedTest(name = "{0} -> clean")
    @MethodSource("clean")
    void templates_on_bound_or_always_present_claims_are_clean(String name, String role) {
        assertThat(hits(role)).isEmpty();
    }

    private List<Problem> hits(String role) {
        PolicyLoader.Result result = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", role).path());
        return result.problems().stream().filter(p -> p.message().startsWith("[template-claim-may-be-absent]")).toList();
    }
}
