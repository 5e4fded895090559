package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wifbroker.policy.match.BoundedRegex;
import dev.wifbroker.policy.match.CompileBudget;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every regex is bounded on its own, and the patterns of a whole policy together: 3,000 patterns of 3,692
 * instructions in one role file exhausted a 512 MB heap before.
 */
class CompileBudgetTest {
    /** 3,692 instructions in 24 characters. */
    static final String LARGE = "(x{0,30}|y{1,30}){0,30}";

    @TempDir
    Path tmp;

    private static String role(String name, int rules, String pattern) {
        StringBuilder out = new StringBuilder("role: " + name + "\ntrust:\n");
        for (int i = 0; i < rules; i++) {
            out.append("  - {issuer: kubernetes-prod, claims: {namespace: payments, service_account: {regex: \"")
                    .append(pattern).append(i).append("\"}}}\n");
        }
        return out.append("credentials:\n  internal: {audience: api, scopes: [x]}\n").toString();
    }

    @Test
    void patterns_of_several_files_above_the_policy_budget_are_refused_at_the_first_one_over() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp);
        for (int f = 0; f < 3; f++) {
            dir.role("r" + f, role("r" + f, 100, LARGE));
        }
        PolicyLoader.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> PolicyLoader.load(dir.path()));
        assertThat(result.set()).isEmpty();
        assertThat(result.problems()).filteredOn(Problem::isError).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("roles/r2.yaml");
            assertThat(p.message()).contains("the policy's regexes and globs would compile to more than 1,000,000 instructions"
                    + " together");
        });
    }

    @Test
    void a_policy_within_the_budget_loads() throws Exception {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("r0", role("r0", 200, LARGE));
        PolicyLoader.Result result = PolicyLoader.load(dir.path());
        assertThat(result.problems()).filteredOn(Problem::isError).isEmpty();
        assertThat(200 * BoundedRegex.check(LARGE)).as("close to the budget, not far below it")
                .isBetween(CompileBudget.MAX_INSTRUCTIONS / 2, (long) CompileBudget.MAX_INSTRUCTIONS);
    }
}
