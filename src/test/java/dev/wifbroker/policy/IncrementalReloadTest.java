package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.support.PolicyDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload recompiles only the role files that changed, and what roles share is compiled once. */
class IncrementalReloadTest {
    static final String ROLE = """
            role: %s
            trust:
              - issuer: github
                claims:
                  repository: acme/%s
                  repository_id: "%s"
                  ref: refs/heads/main
                  event_name: {oneOf: [push, workflow_dispatch]}
                  job_workflow_ref: {glob: "acme/deploy/.github/workflows/deploy.yml@refs/tags/v*"}
                when: '%s'
            deny:
              - issuer: github
                claims: {event_name: {oneOf: [pull_request_target, workflow_run]}}
            credentials:
              aws: {roleArn: "arn:aws:iam::123456789012:role/%s", duration: 15m}
            """;
    static final String HOSTED = "claims.runner_environment == \"github-hosted\"";

    @TempDir
    Path tmp;
    PolicyDir dir;
    PolicyLoader loader = new PolicyLoader(LintSettings.DEFAULTS);

    static String role(String name, String id, String when) {
        return ROLE.formatted(name, name, id, when, name);
    }

    @BeforeEach
    void setUp() {
        dir = PolicyDir.withSampleIssuers(tmp).role("a", role("a", "1", HOSTED)).role("b", role("b", "2", HOSTED))
                .role("c", role("c", "3", "claims.run_attempt == \"1\""));
    }

    private PolicySet load() {
        PolicyLoader.Result result = loader.reload(dir.path());
        assertThat(result.errors()).isEmpty();
        return result.set().orElseThrow();
    }

    @Test
    void an_edit_recompiles_only_the_edited_file_and_unchanged_roles_keep_their_compiled_instance() {
        PolicySet first = load();
        assertThat(loader.compilations()).isEqualTo(3);
        dir.role("b", role("b", "22", HOSTED));
        PolicySet second = load();
        assertThat(loader.compilations()).as("only b.yaml compiled again").isEqualTo(4);
        assertThat(second.role("a").orElseThrow()).isSameAs(first.role("a").orElseThrow());
        assertThat(second.role("c").orElseThrow()).isSameAs(first.role("c").orElseThrow());
        assertThat(second.role("b").orElseThrow()).isNotSameAs(first.role("b").orElseThrow());
        assertThat(second.role("b").orElseThrow().trust().get(0).condition("repository_id").orElseThrow().expected()).isEqualTo("22");
        assertThat(second.version()).isNotEqualTo(first.version())
                .as("the same version as a fresh load of the directory").isEqualTo(PolicyLoader.load(dir.path()).set().orElseThrow().version());
        load();
        assertThat(loader.compilations()).as("nothing changed, nothing compiled").isEqualTo(4);
    }

    @Test
    void a_removed_file_removes_its_role_and_an_added_one_adds_it() throws Exception {
        load();
        Files.delete(dir.path().resolve("roles/c.yaml"));
        dir.role("d", role("d", "4", HOSTED));
        PolicySet set = load();
        assertThat(set.roleNames()).containsExactly("a", "b", "d");
        assertThat(loader.compilations()).isEqualTo(4);
    }

    @Test
    void a_bad_edit_refuses_the_whole_reload_and_fixing_it_compiles_only_that_file() {
        PolicySet good = load();
        dir.role("b", role("b", "2", HOSTED).replace("duration: 15m", "duration: 15m, colour: blue"));
        PolicyLoader.Result bad = loader.reload(dir.path());
        assertThat(bad.set()).isEmpty();
        assertThat(bad.errors()).singleElement().satisfies(p -> assertThat(p.file()).isEqualTo("roles/b.yaml"));
        dir.role("b", role("b", "2", HOSTED));
        PolicySet fixed = load();
        assertThat(fixed.version()).isEqualTo(good.version());
        assertThat(fixed.role("a").orElseThrow()).isSameAs(good.role("a").orElseThrow());
        assertThat(loader.compilations()).isEqualTo(5);
    }

    @Test
    void a_duplicate_role_name_in_an_edited_file_is_still_refused_across_files() {
        load();
        dir.role("c", role("a", "3", HOSTED));
        PolicyLoader.Result result = loader.reload(dir.path());
        assertThat(result.set()).isEmpty();
        assertThat(result.errors()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("role 'a' is already defined in roles/a.yaml"));
    }

    @Test
    void an_edited_issuer_recompiles_every_role_against_it() throws Exception {
        load();
        dir.write("issuers/github.yaml", Files.readString(Path.of("trust-policies/issuers/github.yaml")).replace("maxTokenAge: 15m", "maxTokenAge: 10m"));
        load();
        assertThat(loader.compilations()).isEqualTo(6);
    }

    @Test
    void roles_share_one_compiled_expression_and_one_matcher_per_distinct_text() {
        PolicySet set = load();
        Rule a = set.role("a").orElseThrow().trust().get(0);
        Rule b = set.role("b").orElseThrow().trust().get(0);
        Rule c = set.role("c").orElseThrow().trust().get(0);
        assertThat(loader.shared().compiledExpressions()).as("two distinct expressions in three roles").isEqualTo(2);
        assertThat(a.when().orElseThrow()).isSameAs(b.when().orElseThrow()).isNotSameAs(c.when().orElseThrow());
        assertThat(a.condition("job_workflow_ref").orElseThrow().matcher())
                .isSameAs(c.condition("job_workflow_ref").orElseThrow().matcher());
        assertThat(a.condition("event_name").orElseThrow().matcher()).isSameAs(b.condition("event_name").orElseThrow().matcher());
        Role edited = role("b");
        assertThat(edited.trust().get(0).when().orElseThrow()).as("a later load shares with the earlier ones")
                .isSameAs(a.when().orElseThrow());
        assertThat(loader.shared().compiledExpressions()).isEqualTo(2);
    }

    private Role role(String name) {
        dir.role(name, role(name, "99", HOSTED));
        return load().role(name).orElseThrow();
    }
}
