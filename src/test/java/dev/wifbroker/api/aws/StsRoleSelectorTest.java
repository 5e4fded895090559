package dev.wifbroker.api.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.api.aws.StsRoleSelector.Selection;
import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.yaml.Problems;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the STS facade's RoleArn names a broker role. */
class StsRoleSelectorTest {
    static final String DEPLOY = "arn:aws:iam::123456789012:role/deploy";
    static final String SHARED = "arn:aws:iam::123456789012:role/ci/shared";
    static final String TWINS = "arn:aws:iam::123456789012:role/twins";

    static Role role(String name, String arn) {
        String yaml = """
                role: %s
                trust:
                  - issuer: k8s
                    claims: {namespace: payments, service_account: api}
                credentials:
                  aws: {roleArn: "%s"}
                """.formatted(name, arn);
        Problems problems = new Problems("roles/" + name + ".yaml");
        return new RoleFileParser(Set.of("k8s")).parse(yaml, problems).orElseThrow(() -> new AssertionError(problems.all()));
    }

    static final PolicySet SET = new PolicySet("sha256:0", new IssuerCatalog(Map.of(), Map.of()),
            Stream.of(role("deploy", DEPLOY), role("shared", SHARED), role("ci-a", SHARED), role("twin-a", TWINS),
                    role("twin-b", TWINS)).collect(Collectors.toMap(Role::name, r -> r)), List.of());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            DEPLOY + ", found deploy",
            SHARED + ", found shared",
            TWINS + ", ambiguous twin-a twin-b",
            "arn:aws:iam::123456789012:role/other, not found",
            "arn:aws:iam::999999999999:role/deploy, not found"})
    void role_arn_selects_the_role_whose_target_names_it_and_its_namesake_among_several(String arn, String expected) {
        Selection s = StsRoleSelector.select(SET, arn);
        String actual = s instanceof Selection.Found f ? "found " + f.role()
                : s instanceof Selection.Ambiguous a ? "ambiguous " + String.join(" ", a.roles()) : "not found";
        assertThat(actual).isEqualTo(expected);
    }
}
