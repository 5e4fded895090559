package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerFileParser;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.profile.ClaimValues;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.explain.PolicyExplainer;
import dev.wifbroker.policy.lint.PolicyLinter;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.role.RoleFileParser;
import dev.wifbroker.policy.testing.PolicyTestCase;
import dev.wifbroker.policy.testing.PolicyTestFileParser;
import dev.wifbroker.policy.testing.PolicyTestRunner;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;

/**
 * Any bytes as a role, issuer or policy-test file yield a value or {@code file:line:column} problems, never an
 * exception; a file yields its value exactly when it has no error. What parses is then linted, decided and explained
 * against the sample directory ({@code trust-policies/}), which must not throw either. Inputs (seeded with the
 * sample files): {@code PolicyFilesFuzzTestInputs/}.
 */
class PolicyFilesFuzzTest {
    private static final Path SAMPLES = Path.of("trust-policies");
    private static final PolicySet SAMPLE_SET = PolicyLoader.load(SAMPLES).set().orElseThrow();
    private static final Path EMPTY_DIR = emptyDir();
    private static final IdentityView GITHUB_IDENTITY = identity("claims/github/deploy-main-production.json");

    @FuzzTest
    void roleFileYieldsARoleOrPositionedErrors(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Problems problems = new Problems("roles/fuzz.yaml");
        Optional<Role> role = new RoleFileParser(SAMPLE_SET.issuers().byName().keySet()).parse(text, problems);
        assertWellFormed(problems, text, role.isPresent());
        if (role.isEmpty()) {
            return;
        }
        assertPositioned(new PolicyLinter(SAMPLES).lint(SAMPLE_SET.issuers(), List.of(role.get())), text, null);
        Map<String, Role> roles = new HashMap<>(SAMPLE_SET.roles());
        roles.put(role.get().name(), role.get());
        PolicySet set = new PolicySet(SAMPLE_SET.version(), SAMPLE_SET.issuers(), roles, List.of());
        PolicyDecision decision = PolicyEngine.of(set).decide(GITHUB_IDENTITY, role.get().name());
        assertThat(decision).isNotNull();
        assertThat(new PolicyExplainer(set).explain(GITHUB_IDENTITY, Optional.of(role.get().name()), false).roles())
                .hasSize(1);
    }

    @FuzzTest
    void issuerFileYieldsAnIssuerOrPositionedErrors(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Problems problems = new Problems("issuers/fuzz.yaml");
        Optional<IssuerSpec> issuer = new IssuerFileParser(EMPTY_DIR).parse(text, problems);
        assertWellFormed(problems, text, issuer.isPresent());
        if (issuer.isEmpty()) {
            return;
        }
        IssuerSpec spec = issuer.get();
        assertThat(spec.audiences()).isNotEmpty().noneMatch(String::isBlank);
        assertThat(spec.algorithms()).isNotEmpty().allMatch(JwsAlgorithms::supported);
        assertThat(spec.clockSkew()).isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(spec.maxTokenAge()).isPositive();
        assertThat(spec.maxLifetime()).isPositive();
        assertThat(spec.url().toLowerCase(Locale.ROOT)).startsWith(spec.allowInsecureHttp() ? "http" : "https://");
        new PolicyLinter(EMPTY_DIR).lint(spec).forEach(p -> assertThat(p.message()).isNotBlank());
    }

    @FuzzTest
    void policyTestFileYieldsCasesOrPositionedErrors(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Problems problems = new Problems("tests/fuzz.yaml");
        List<PolicyTestCase> cases = PolicyTestFileParser.parse(text, problems);
        assertWellFormed(problems, text, !cases.isEmpty());
        for (PolicyTestRunner.Outcome outcome : PolicyTestRunner.run(SAMPLE_SET, cases)) {
            assertThat(outcome.message()).isNotNull();
        }
    }

    /** A value exactly when no error; every problem points into the file and says something. */
    private static void assertWellFormed(Problems problems, String text, boolean yieldedValue) {
        assertThat(yieldedValue).as("value yielded vs errors %s", problems.all()).isEqualTo(!problems.hasErrors());
        assertPositioned(problems.all(), text, problems.file());
    }

    private static void assertPositioned(List<Problem> list, String text, String file) {
        int lines = yamlLines(text);
        for (Problem p : list) {
            if (file != null) {
                assertThat(p.file()).isEqualTo(file);
                assertThat(p.line()).as("line of %s", p).isBetween(1, lines);
            }
            assertThat(p.column()).as("column of %s", p).isPositive();
            assertThat(p.message()).isNotBlank();
        }
    }

    /** Lines as YAML counts them (it also breaks at NEL, LS and PS), plus the end-of-file line. */
    private static int yamlLines(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lines++;
            }
        }
        return lines + 1;
    }

    private static IdentityView identity(String resource) {
        try (var in = PolicyFilesFuzzTest.class.getClassLoader().getResourceAsStream(resource)) {
            Map<String, Object> claims = new ObjectMapper().readValue(in, new TypeReference<>() {});
            return new IdentityView("github", (String) claims.get("iss"), ProfileKind.GITHUB_ACTIONS, (String) claims.get("sub"),
                    ClaimValues.attributes(IssuerProfiles.of(ProfileKind.GITHUB_ACTIONS), claims));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path emptyDir() {
        try {
            return Files.createTempDirectory("fuzz-policy-dir");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
