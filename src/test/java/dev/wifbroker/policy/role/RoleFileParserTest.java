package dev.wifbroker.policy.role;

import dev.wifbroker.credential.azure.AzureTarget;
import dev.wifbroker.credential.gcp.GcpTarget;
import static dev.wifbroker.credential.RoleFiles.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.credential.internal.InternalTarget;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoleFileParserTest {
    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("unknown top-level field", BASE + "owner: me\n", 7, "unknown field 'owner'"),
                bad("unknown rule field", BASE.replace("claims:", "claim:"), 4, "unknown field 'trust[0].claim'"),
                bad("unknown issuer", BASE.replace("issuer: k8s", "issuer: gke"), 3, "unknown issuer 'gke'"),
                bad("rule without conditions", BASE.replace("    claims: {namespace: a}\n", ""), 3, "at least one claim condition"),
                bad("invalid CEL", BASE.replace("claims: {namespace: a}", "claims: {namespace: a}\n    when: 'claims.x =='"), 5, "invalid CEL"),
                bad("CEL not boolean", BASE.replace("claims: {namespace: a}", "claims: {namespace: a}\n    when: '\"x\"'"), 5, "invalid CEL"),
                bad("no credentials", BASE.replace("credentials:\n  internal: {audience: api, scopes: [x]}\n", ""), 1, "missing required field 'credentials'"),
                bad("unknown target kind", BASE.replace("internal:", "vault:"), 6, "unknown field 'credentials.vault'"),
                bad("duplicate key", BASE + "role: s\n", 7, "duplicate key"));
    }

    private static Arguments bad(String name, String yaml, int line, String message) {
        return Arguments.of(name, yaml, line, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_role_files_are_refused_with_a_positioned_message(String name, String yaml, int line, String message) {
        Problems problems = new Problems("roles/r.yaml");
        Optional<Role> role = new RoleFileParser(Set.of("k8s")).parse(yaml, problems);
        assertThat(role).isEmpty();
        assertThat(problems.all()).as(problems.all().toString())
                .anySatisfy(p -> {
                    assertThat(p.message()).contains(message);
                    assertThat(p.line()).isEqualTo(line);
                });
    }

    @Test
    void all_errors_of_a_file_are_reported_together() {
        Problems problems = new Problems("roles/r.yaml");
        new RoleFileParser(Set.of("k8s")).parse(BASE.replace("issuer: k8s", "issuer: gke") + "owner: me\n", problems);
        assertThat(problems.all()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("unknown issuer"))
                .anySatisfy(m -> assertThat(m).contains("unknown field 'owner'"));
    }

    @Test
    void credential_targets_bind_into_typed_records() {
        String yaml = BASE.replace("internal: {audience: api, scopes: [x]}", """
                aws:
                    roleArn: arn:aws:iam::123456789012:role/deploy
                    duration: 1h
                    sessionName: "gha-{repository}-{run_id}"
                    sessionPolicy: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]}
                    managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
                    tags: {repo: "{repository}"}
                  internal:
                    audience: payments-api
                    scopes: [refunds:create]
                    duration: 15m
                    claims: {max_refund_usd_cents: 4999, caller: "{namespace}/{service_account}"}
                    algorithm: RS256
                """);
        Problems problems = new Problems("roles/r.yaml");
        Role role = new RoleFileParser(Set.of("k8s")).parse(yaml, problems).orElseThrow(() -> new AssertionError(problems.all()));
        AwsTarget aws = role.credentials().of(AwsTarget.class).orElseThrow();
        assertThat(aws.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(aws.sessionPolicy()).contains("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}");
        assertThat(aws.sessionName().orElseThrow().render(Map.of("repository", "acme/app", "run_id", "77")))
                .contains("gha-acme-app-77");
        InternalTarget internal = role.credentials().of(InternalTarget.class).orElseThrow();
        assertThat(internal.algorithm()).isEqualTo(InternalTarget.Algorithm.RS256);
        assertThat(internal.renderClaims(Map.of("namespace", "payments", "service_account", "refunds")).orElseThrow())
                .containsEntry("max_refund_usd_cents", 4999L).containsEntry("caller", "payments/refunds");
        assertThat(internal.renderClaims(Map.of("namespace", "payments"))).isEmpty();
        assertThat(role.credentials().all()).hasSize(2);
    }

    @Test
    void gcp_and_azure_targets_bind_with_their_defaults() {
        String yaml = BASE.replace("internal: {audience: api, scopes: [x]}", """
                gcp:
                    workloadIdentityProvider: //iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool-1/providers/broker
                    serviceAccount: deployer@acme-prod.iam.gserviceaccount.com
                  azure:
                    tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
                    clientId: 0d8f4c5e-7a1b-4c2d-9e3f-5a6b7c8d9e0f
                    mode: assertion
                """);
        Problems problems = new Problems("roles/r.yaml");
        Role role = new RoleFileParser(Set.of("k8s")).parse(yaml, problems).orElseThrow(() -> new AssertionError(problems.all()));
        var gcp = role.credentials().of(GcpTarget.class).orElseThrow();
        assertThat(gcp.scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform");
        assertThat(gcp.duration()).isEqualTo(Duration.ofHours(1));
        assertThat(gcp.serviceAccount()).contains("deployer@acme-prod.iam.gserviceaccount.com");
        var azure = role.credentials().of(AzureTarget.class).orElseThrow();
        assertThat(azure.mode()).isEqualTo(dev.wifbroker.credential.azure.AzureTarget.Mode.ASSERTION);
        assertThat(azure.scope()).isNull();
        assertThat(azure.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(role.credentials().position("azure", "duration", null).line()).isEqualTo(10);
    }

    @Test
    void templates_sanitize_to_the_target_charset_and_length() {
        Template t = Template.parse("gha-{repository}", dev.wifbroker.credential.aws.AwsLimits.SESSION_NAME_CHARSET);
        assertThat(t.render(Map.of("repository", "acme/app; rm -rf" + "x".repeat(100))).orElseThrow())
                .hasSize(64).matches("[\\w+=,.@-]+");
        assertThat(t.render(Map.of("repository", List.of("a", "b")))).isEmpty();
        assertThat(t.claims()).containsExactly("repository");
    }
}
