package dev.wifbroker.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case under the repository's {@code trust-policies/tests}, so a policy change that breaks an
 * intended allow or deny fails the build. One dynamic test per case, named after it.
 */
class TrustPolicySamplesTest {
    private static final Path DIR = Path.of("trust-policies");

    @Test
    void the_sample_directory_loads_without_errors_or_warnings() {
        PolicyLoader.Result result = PolicyLoader.load(DIR);
        assertThat(result.problems()).isEmpty();
        assertThat(result.set()).isPresent();
    }

    @TestFactory
    Stream<DynamicTest> every_policy_test_case_passes() {
        PolicySet set = PolicyLoader.load(DIR).set().orElseThrow(() -> new AssertionError(PolicyLoader.load(DIR).errors()));
        PolicyTestRunner.Suite suite = PolicyTestRunner.load(DIR);
        assertThat(suite.problems()).isEmpty();
        assertThat(suite.cases()).hasSizeGreaterThan(20);
        return suite.cases().stream().map(c -> DynamicTest.dynamicTest(c.pos().file() + ": " + c.name(), () -> {
            PolicyTestRunner.Outcome outcome = PolicyTestRunner.run(set, c);
            assertTrue(outcome.passed(), () -> c.pos() + ": " + outcome.message());
        }));
    }
}
