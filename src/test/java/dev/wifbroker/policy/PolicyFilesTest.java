package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What loads and what the version hashes are the same files: policy files are {@code *.yaml}/{@code *.yml}
 * in any case, anything else in {@code issuers/}, {@code roles/} or {@code tests/} is refused by name, and
 * hidden entries (ConfigMap internals, swap files) are in neither.
 */
class PolicyFilesTest {
    @TempDir
    Path tmp;

    static final String ROLE = """
            role: %s
            trust:
              - issuer: kubernetes-prod
                claims: {namespace: payments, service_account: api}
            credentials:
              internal: {audience: api, scopes: [x]}
            """;

    static Stream<Arguments> upperCaseExtensions() {
        return Stream.of(Arguments.of("roles/Deploy.YAML"), Arguments.of("roles/deploy.Yml"));
    }

    @ParameterizedTest(name = "{0} is loaded")
    @MethodSource("upperCaseExtensions")
    void a_role_file_with_an_upper_case_extension_is_loaded(String file) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).write(file, ROLE.formatted("deploy"));
        PolicyLoader.Result result = PolicyLoader.load(dir.path());
        assertThat(result.problems()).isEmpty();
        assertThat(result.set().orElseThrow().role("deploy")).isPresent();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a role file in a subdirectory", "roles/team-a/deploy.yaml", "roles/team-a/", "subdirectories of roles/"),
                Arguments.of("a role file of another extension", "roles/deploy.yaml.bak", "roles/deploy.yaml.bak", "not a policy file"),
                Arguments.of("an issuer file in a subdirectory", "issuers/extra/corp.yaml", "issuers/extra/", "subdirectories of issuers/"));
    }

    @ParameterizedTest(name = "{0} is refused by name")
    @MethodSource("refused")
    void an_entry_that_would_not_be_read_refuses_the_load_naming_it(String name, String file, String shown, String message) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("main", ROLE.formatted("main")).write(file, ROLE.formatted("other"));
        PolicyLoader.Result result = PolicyLoader.load(dir.path());
        assertThat(result.set()).isEmpty();
        assertThat(result.errors()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(shown);
            assertThat(p.message()).contains(message).contains("Fix:");
        });
    }

    @Test
    void a_test_file_in_a_subdirectory_is_reported_not_skipped() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("main", ROLE.formatted("main"))
                .write("tests/more/t.yaml", "cases: [{name: a, role: main, issuer: kubernetes-prod, expect: deny}]\n");
        assertThat(dev.wifbroker.policy.testing.PolicyTestRunner.load(dir.path()).problems())
                .anySatisfy(p -> assertThat(p.toString()).startsWith("tests/more/:1:1: error: subdirectories of tests/"));
    }

    @Test
    void a_kubernetes_configmap_mount_loads_and_hashes_like_a_plain_directory() throws IOException {
        String plain = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp.resolve("plain")).role("deploy", ROLE.formatted("deploy"))
                .path()).set().orElseThrow().version();
        // kubelet's layout: roles/deploy.yaml -> ..data/deploy.yaml, ..data -> ..2025_06_01_12_00_00.123456789/
        Path mounted = PolicyDir.withSampleIssuers(tmp.resolve("mounted")).path();
        Path stamp = Files.createDirectories(mounted.resolve("roles/..2025_06_01_12_00_00.123456789"));
        Files.writeString(stamp.resolve("deploy.yaml"), ROLE.formatted("deploy"));
        Files.createSymbolicLink(mounted.resolve("roles/..data"), stamp.getFileName());
        Files.createSymbolicLink(mounted.resolve("roles/deploy.yaml"), Path.of("..data/deploy.yaml"));
        Files.writeString(mounted.resolve("roles/.deploy.yaml.swp"), "editor state");
        PolicyLoader.Result result = PolicyLoader.load(mounted);
        assertThat(result.problems()).isEmpty();
        assertThat(result.set().orElseThrow().version()).isEqualTo(plain);
    }

    @Test
    void the_version_changes_with_a_loaded_file_and_with_a_pinned_key_file_outside_the_loaded_directories() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("deploy", ROLE.formatted("deploy"));
        String v1 = PolicyLoader.load(dir.path()).set().orElseThrow().version();
        dir.role("deploy", ROLE.formatted("deploy").replace("service_account: api", "service_account: web"));
        String v2 = PolicyLoader.load(dir.path()).set().orElseThrow().version();
        dir.write("jwks/cluster.json", "{\"keys\": []}");
        String v3 = PolicyLoader.load(dir.path()).set().orElseThrow().version();
        assertThat(v2).isNotEqualTo(v1);
        assertThat(v3).isNotEqualTo(v2);
    }

    @Test
    void refusals_are_errors_never_warnings() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("main", ROLE.formatted("main")).write("roles/README.md", "notes");
        assertThat(PolicyLoader.load(dir.path()).problems()).singleElement().extracting(Problem::severity)
                .isEqualTo(Problem.Severity.ERROR);
    }
}
