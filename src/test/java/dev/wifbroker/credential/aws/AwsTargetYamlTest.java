package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.aws.AwsTarget;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.yaml.Problems;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AWS fields of a role file the minter relies on, as operators write them (docs/targets.md). */
class AwsTargetYamlTest {
    static final String ROLE = """
            role: orders
            trust:
              - issuer: k8s
                claims: {namespace: payments, service_account: api}
            credentials:
              aws:
                roleArn: arn:aws:iam::123456789012:role/orders
                duration: 1h
                sessionName: "k8s-{namespace}-{service_account}"
                sourceIdentity: "{service_account}"
                tags: {namespace: "{namespace}"}
            """;

    static Optional<Role> parse(String yaml, Problems problems) {
        return new RoleFileParser(Set.of("k8s")).parse(yaml, problems);
    }

    @Test
    void source_identity_is_a_template_with_the_session_name_charset() {
        Problems problems = new Problems("roles/orders.yaml");
        AwsTarget aws = parse(ROLE, problems).orElseThrow(() -> new AssertionError(problems.all())).credentials().of(AwsTarget.class)
                .orElseThrow();
        assertThat(aws.sourceIdentity().orElseThrow().render(Map.of("service_account", "api/v1 x"))).contains("api-v1-x");
        assertThat(aws.tags()).containsOnlyKeys("namespace");
    }

    @Test
    void a_malformed_source_identity_template_is_a_load_error() {
        Problems problems = new Problems("roles/orders.yaml");
        assertThat(parse(ROLE.replace("\"{service_account}\"", "\"{service_account\""), problems)).isEmpty();
        assertThat(problems.all()).anySatisfy(p -> assertThat(p.message()).contains("without '}'"));
    }
}
