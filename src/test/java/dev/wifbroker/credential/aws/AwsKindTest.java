package dev.wifbroker.credential.aws;

import static dev.wifbroker.credential.RoleFiles.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.credential.CredentialKinds;
import dev.wifbroker.credential.RoleFiles;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code credentials.aws}: how {@link AwsKind} parses and bounds a block, and how adapters select it. */
class AwsKindTest {
    private static final String ARN = "roleArn: \"arn:aws:iam::123456789012:role/x\"";

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("role ARN malformed", BASE.replace("internal: {audience: api, scopes: [x]}", "aws: {roleArn: \"arn:aws:iam::12:role/x\"}"), 6, "must be an IAM role ARN"),
                Arguments.of("aws duration below 900s", BASE.replace("internal: {audience: api, scopes: [x]}", "aws: {roleArn: \"arn:aws:iam::123456789012:role/x\", duration: 5m}"), 6, "at least 900s"),
                Arguments.of("session policy above 2048 chars", BASE.replace("internal: {audience: api, scopes: [x]}",
                        "aws: {roleArn: \"arn:aws:iam::123456789012:role/x\", sessionPolicy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: \"s3:GetObject\", Resource: \"" + "a".repeat(2100) + "\"}]}}"), 6, "AWS allows 2048"),
                Arguments.of("template with unbalanced brace", BASE.replace("internal: {audience: api, scopes: [x]}", "aws: {roleArn: \"arn:aws:iam::123456789012:role/x\", sessionName: \"gha-{run_id\"}"), 6, "without '}'"),
                Arguments.of("a session policy without Statement", RoleFiles.with("aws: {" + ARN + ", sessionPolicy: {Version: \"2012-10-17\"}}"), 6,
                        "an object with Statement"),
                Arguments.of("more than 10 managed policies", RoleFiles.with("aws: {" + ARN + ", managedPolicyArns: ["
                        + IntStream.range(0, 11).mapToObj(i -> "\"arn:aws:iam::aws:policy/P" + i + "\"").collect(Collectors.joining(", "))
                        + "]}"), 6, "at most 10 managedPolicyArns"),
                Arguments.of("a managed policy that is not a policy ARN", RoleFiles.with("aws: {" + ARN
                        + ", managedPolicyArns: [\"arn:aws:iam::123456789012:role/x\"]}"), 6, "is not an IAM policy ARN"),
                Arguments.of("more than 50 session tags", RoleFiles.with("aws: {" + ARN + ", tags: {"
                        + IntStream.range(0, 51).mapToObj(i -> "t" + i + ": v").collect(Collectors.joining(", ")) + "}}"), 6,
                        "at most 50 session tags"),
                Arguments.of("a tag key in the reserved aws: namespace", RoleFiles.with("aws: {" + ARN + ", tags: {\"aws:team\": v}}"), 6,
                        "is not a valid AWS tag key"),
                Arguments.of("an unknown field", RoleFiles.with("aws: {" + ARN + ", externalId: x}"), 6, "unknown field 'credentials.aws.externalId'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_role_files_are_refused_with_a_positioned_message(String name, String yaml, int line, String message) {
        RoleFiles.refused(yaml, line, message);
    }

    @Test
    void the_aws_kind_is_registered_with_its_target_minter_and_token_type() {
        AwsKind kind = new AwsKind();
        assertThat(CredentialKinds.named("aws")).get().isInstanceOf(AwsKind.class);
        assertThat(kind.targetType()).isEqualTo(AwsTarget.class);
        assertThat(kind.minter()).isEqualTo(AwsCredentialMinter.class);
        assertThat(kind.requestedTokenType()).contains("urn:wif-broker:token-type:aws-credentials");
    }

    @Test
    void the_session_lasts_15_minutes_by_default_and_at_least_the_aws_minimum() {
        AwsTarget target = RoleFiles.target(RoleFiles.with("aws: {" + ARN + "}"), AwsTarget.class);
        assertThat(target.duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(target.cached()).isTrue();
        assertThat(RoleFiles.target(RoleFiles.with("aws: {" + ARN + ", duration: 900s}"), AwsTarget.class).duration())
                .isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void a_duration_above_12_hours_parses_and_is_left_to_the_linter_against_the_target_maximum() {
        AwsTarget target = RoleFiles.target(RoleFiles.with("aws: {" + ARN + ", duration: 13h}"), AwsTarget.class);
        assertThat(target.duration()).isEqualTo(Duration.ofHours(13));
        assertThat(target.maxDuration()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void session_name_and_tags_are_the_targets_templates() {
        AwsTarget target = RoleFiles.target(RoleFiles.with("aws: {" + ARN + ", sessionName: \"k8s-{namespace}\", tags: {team: \"{team}\"}}"),
                AwsTarget.class);
        assertThat(target.templates()).containsOnlyKeys("sessionName", "tags.team");
    }
}
