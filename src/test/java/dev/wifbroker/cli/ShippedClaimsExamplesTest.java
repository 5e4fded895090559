package dev.wifbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The claim sets shipped in {@code docs/examples/claims/} for {@code policy explain --claims}: each one, run
 * through the CLI against the sample policies, gets the verdict and exit code that docs/trust-policies.md
 * documents for it; every shipped file is listed here and there.
 */
class ShippedClaimsExamplesTest {
    static final Path EXAMPLES = Path.of("docs/examples/claims");
    static final Path DOC = Path.of("docs/trust-policies.md");

    record Example(String file, String issuer, String role, int exit, String verdict) {}

    static final List<Example> EXAMPLES_DOCUMENTED = List.of(
            new Example("github-payments-deploy.json", "github", "payments-deploy", 0, "ALLOWED by trust[0]"),
            new Example("github-feature-branch.json", "github", "payments-deploy", 1, "DENIED (no_matching_rule)"),
            new Example("gitlab-release.json", "gitlab", "gitlab-release", 0, "ALLOWED by trust[0]"),
            new Example("kubernetes-orders-worker.json", "kubernetes-prod", "orders-worker", 0, "ALLOWED by trust[0]"));

    static Stream<Arguments> examples() {
        return EXAMPLES_DOCUMENTED.stream().map(e -> Arguments.of(e.file(), e));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void the_cli_gives_each_shipped_example_its_documented_verdict(String name, Example e) throws IOException {
        String path = EXAMPLES.resolve(e.file()).toString();
        PolicyCliTest.Run r = PolicyCliTest.run("policy", "explain", "--claims", path, "--issuer", e.issuer(), "--role", e.role(),
                PolicyCliTest.SAMPLES);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(e.exit());
        assertThat(r.out()).contains("role " + e.role() + ": " + e.verdict()).doesNotContain("REFUSED before policy");
        String row = documentedRow(e.file());
        assertThat(row).as("docs/trust-policies.md row of " + e.file())
                .contains("--issuer " + e.issuer() + " --role " + e.role()).contains(e.verdict()).contains("exit " + e.exit());
    }

    @Test
    void every_shipped_example_is_tested_and_documented() throws IOException {
        List<String> shipped;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            shipped = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(shipped).allMatch(f -> f.endsWith(".json"), "only JSON claim sets")
                .containsExactlyInAnyOrderElementsOf(EXAMPLES_DOCUMENTED.stream().map(Example::file).toList());
    }

    @Test
    void the_examples_live_outside_the_policy_directory_so_no_loader_or_version_sees_them() {
        assertThat(EXAMPLES.toAbsolutePath().normalize().startsWith(Path.of(PolicyCliTest.SAMPLES).toAbsolutePath())).isFalse();
    }

    private static String documentedRow(String file) throws IOException {
        Map<Boolean, List<String>> rows = Files.readAllLines(DOC).stream()
                .collect(Collectors.partitioningBy(l -> l.startsWith("|") && l.contains("docs/examples/claims/" + file)));
        assertThat(rows.get(true)).as("one table row for " + file).hasSize(1);
        return rows.get(true).get(0);
    }
}
