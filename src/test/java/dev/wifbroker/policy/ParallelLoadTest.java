package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Role files are read and compiled on several threads, and the outcome is the one a file-by-file load gives:
 * the same problems (the budget error names what came before it) in the same order, the same roles, the same
 * version, also when a reload reuses files that no longer fit the budget.
 */
class ParallelLoadTest {
    /** 3,692 instructions: 271 of them exceed the load's budget. */
    private static final String LARGE = CompileBudgetTest.LARGE;

    @TempDir
    Path tmp;

    private static String role(String name, int regexes, String extra) {
        StringBuilder out = new StringBuilder("role: " + name + "\ntrust:\n");
        out.append("  - issuer: github\n    claims: {repository: acme/").append(name)
                .append(", ref: refs/heads/main}\n    when: 'claims.run_attempt == \"1\"").append(extra).append("'\n");
        for (int i = 0; i < regexes; i++) {
            out.append("  - {issuer: kubernetes-prod, claims: {namespace: payments, service_account: {regex: \"")
                    .append(LARGE).append(i).append("\"}}}\n");
        }
        return out.append("credentials:\n  internal: {audience: api, scopes: [x]}\n").toString();
    }

    /** 150 files: duplicate names, bad CEL, an unknown issuer, one file over the budget alone, and the budget running out. */
    private PolicyDir mixed() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp);
        for (int f = 0; f < 150; f++) {
            String name = String.format("r%03d", f);
            String text = switch (f % 25) {
                case 3 -> role("dup", 0, "");
                case 7 -> role(name, 0, " &&");
                case 11 -> role(name, 0, "").replace("issuer: github", "issuer: nobody");
                case 13 -> role(name, 45, "");
                default -> role(name, 0, f % 4 == 0 ? " && claims.ref == \"refs/heads/r" + f + "\"" : "");
            };
            dir.role(name, f == 40 ? role(name, 300, "") : text);
        }
        return dir;
    }

    private static List<String> rendered(PolicyLoader.Result result) {
        return result.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void a_parallel_load_reports_what_a_file_by_file_load_reports() {
        PolicyDir dir = mixed();
        PolicyLoader.Result sequential = new PolicyLoader(LintSettings.DEFAULTS, 1).reload(dir.path());
        PolicyLoader.Result parallel = new PolicyLoader(LintSettings.DEFAULTS, 4).reload(dir.path());
        assertThat(rendered(parallel)).isEqualTo(rendered(sequential));
        assertThat(sequential.errors()).as("each kind of failure is there")
                .anySatisfy(p -> assertThat(p.message()).contains("is already defined in"))
                .anySatisfy(p -> assertThat(p.message()).contains("invalid CEL"))
                .anySatisfy(p -> assertThat(p.message()).contains("unknown issuer 'nobody'"))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("roles/r040.yaml").contains("would compile to more than"))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("roles/r138.yaml").contains("would compile to more than"));
    }

    @Test
    void a_clean_parallel_load_gives_the_same_roles_and_version_and_a_reload_reuses_them() throws Exception {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp);
        for (int f = 0; f < 120; f++) {
            dir.role(String.format("r%03d", f), role(String.format("r%03d", f), f % 30 == 0 ? 60 : 0, ""));
        }
        PolicySet sequential = new PolicyLoader(LintSettings.DEFAULTS, 1).reload(dir.path()).set().orElseThrow();
        PolicyLoader loader = new PolicyLoader(LintSettings.DEFAULTS, 4);
        PolicySet parallel = loader.reload(dir.path()).set().orElseThrow();
        assertThat(parallel.version()).isEqualTo(sequential.version());
        assertThat(parallel.roles().keySet()).containsExactlyElementsOf(sequential.roles().keySet());
        assertThat(loader.compilations()).isEqualTo(120);

        // The first file now takes most of the budget: later unchanged files that no longer fit are compiled again
        // and report the budget error with what comes before them, as a fresh load does.
        dir.role("r000", role("r000", 200, ""));
        PolicyLoader.Result reload = loader.reload(dir.path());
        PolicyLoader.Result fresh = new PolicyLoader(LintSettings.DEFAULTS, 1).reload(dir.path());
        assertThat(reload.set()).isEmpty();
        assertThat(rendered(reload)).isEqualTo(rendered(fresh)).anySatisfy(p -> assertThat(p).contains("would compile to more than"));
    }

    @Test
    void a_failure_on_a_worker_is_rethrown_as_thrown_and_every_index_runs_once_otherwise() {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        ParallelLoad.forEach(1000, 4, i -> assertThat(seen.add(i)).isTrue());
        assertThat(seen).hasSize(1000);
        assertThatThrownBy(() -> ParallelLoad.forEach(1000, 4, i -> {
            if (i == 500) {
                throw new StackOverflowError("deep");
            }
        })).isInstanceOf(StackOverflowError.class).hasMessage("deep");
    }
}
