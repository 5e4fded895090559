package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shadow (report-only) rules: a role's {@code shadow:} block or a {@code shadowOf} file, parsed and linted like a
 * role's rules, attached by the loader (incrementally on reload), evaluated by the engine beside the enforced rules
 * without changing them.
 */
class ShadowRulesTest {
    static final String RULE = """
              - issuer: github
                claims:
                  repository: acme/app
                  repository_id: "42"
                  ref: refs/heads/main
                  event_name: {oneOf: [push, workflow_dispatch]}%s
            """;
    static final String ROLE = """
            role: deploy
            trust:
            %s
            deny:
              - issuer: github
                claims: {actor: mallory}
            credentials:
              internal: {audience: api, scopes: [deploy]}
            """.formatted(RULE.formatted(""));
    /** The role's rule plus an environment gate. */
    static final String GATED = RULE.formatted("\n      environment: production");
    static final String SHADOW_FILE = "shadowOf: deploy\ntrust:\n" + GATED;

    @TempDir
    Path tmp;
    PolicyDir dir;
    PolicyLoader loader = new PolicyLoader(LintSettings.DEFAULTS);

    @BeforeEach
    void setUp() {
        dir = PolicyDir.withSampleIssuers(tmp).role("deploy", ROLE);
    }

    private PolicySet load() {
        PolicyLoader.Result r = loader.reload(dir.path());
        assertThat(r.errors()).isEmpty();
        return r.set().orElseThrow();
    }

    private List<Problem> errors() {
        PolicyLoader.Result r = loader.reload(dir.path());
        assertThat(r.set()).isEmpty();
        return r.errors();
    }

    static IdentityView identity(Map<String, Object> changes) {
        Map<String, Object> m = new HashMap<>(Map.of("repository", "acme/app", "repository_id", "42", "ref", "refs/heads/main",
                "event_name", "push", "actor", "octocat"));
        m.putAll(changes);
        m.values().removeIf(v -> v.equals(""));
        return new IdentityView("github", "https://token.actions.githubusercontent.com", ProfileKind.GITHUB_ACTIONS, "s", m);
    }

    // ---- engine ----

    @Test
    void the_candidate_is_evaluated_beside_the_enforced_rules_and_never_changes_them() {
        dir.role("deploy", ROLE + "shadow:\n  trust:\n" + GATED.indent(2));
        PolicySet set = load();
        PolicyEngine engine = PolicyEngine.of(set);
        LiveDecision withoutEnvironment = engine.decideLive(identity(Map.of()), "deploy");
        assertThat(withoutEnvironment.enforced()).isInstanceOf(PolicyDecision.Allowed.class);
        assertThat(withoutEnvironment.enforced().trace()).isEqualTo(engine.decide(identity(Map.of()), "deploy").trace());
        assertThat(withoutEnvironment.shadow()).get().isInstanceOf(PolicyDecision.Denied.class);
        assertThat(((PolicyDecision.Denied) withoutEnvironment.shadow().get()).failingClaim()).hasValue("environment");
        assertThat(withoutEnvironment.agrees()).isFalse();

        LiveDecision production = engine.decideLive(identity(Map.of("environment", "production")), "deploy");
        assertThat(production.enforced().allowed()).isTrue();
        assertThat(production.shadow().orElseThrow().allowed()).isTrue();
        assertThat(production.agrees()).isTrue();
        assertThat(production.shadow().get().trace().policyVersion()).as("one set for both").isEqualTo(set.version());
    }

    @Test
    void a_list_the_shadow_does_not_give_is_the_roles_own_and_deny_empty_drops_the_roles_deny_rules() {
        dir.role("deploy", ROLE + "shadow:\n  trust:\n" + GATED.indent(2));
        PolicySet inherits = load();
        LiveDecision mallory = PolicyEngine.of(inherits).decideLive(identity(Map.of("actor", "mallory", "environment", "production")), "deploy");
        assertThat(((PolicyDecision.Denied) mallory.shadow().orElseThrow()).reason()).as("the role's deny rule still applies")
                .isEqualTo(Reason.DENIED_BY_RULE);

        dir.role("deploy", ROLE + "shadow:\n  deny: []\n");
        LiveDecision dropped = PolicyEngine.of(load()).decideLive(identity(Map.of("actor", "mallory")), "deploy");
        assertThat(dropped.enforced().allowed()).isFalse();
        assertThat(dropped.shadow().orElseThrow().allowed()).as("the candidate has no deny rules").isTrue();
        Shadow rules = dropped.shadowRules().orElseThrow();
        assertThat(rules.label(Rule.Kind.TRUST, 0)).as("inherited trust rule").isEqualTo("trust[0]");
        assertThat(rules.label(Rule.Kind.DENY, 0)).as("the shadow's own list").isEqualTo("shadow.deny[0]");
    }

    @Test
    void a_role_without_shadow_rules_gives_no_shadow_verdict_and_the_same_decision() {
        PolicyEngine engine = PolicyEngine.of(load());
        LiveDecision live = engine.decideLive(identity(Map.of("ref", "refs/heads/dev")), "deploy");
        assertThat(live.shadow()).isEmpty();
        assertThat(live.shadowRules()).isEmpty();
        assertThat(live.agrees()).isTrue();
        assertThat(live.enforced().trace()).isEqualTo(engine.decide(identity(Map.of("ref", "refs/heads/dev")), "deploy").trace());
        assertThat(engine.decideShadow(identity(Map.of()), "deploy").trace()).as("no shadow: the role's own rules")
                .isEqualTo(engine.decide(identity(Map.of()), "deploy").trace());
        assertThat(((PolicyDecision.Denied) engine.decideLive(identity(Map.of()), "nope").enforced()).reason())
                .isEqualTo(Reason.UNKNOWN_ROLE);
    }

    // ---- shadow files and the loader ----

    @Test
    void a_shadow_file_attaches_to_its_role_and_is_never_a_role_itself() {
        dir.write("roles/deploy.shadow.yaml", SHADOW_FILE);
        PolicySet set = load();
        assertThat(set.roleNames()).containsExactly("deploy");
        Role deploy = set.role("deploy").orElseThrow();
        assertThat(deploy.shadow().orElseThrow().source()).isEqualTo("roles/deploy.shadow.yaml");
        assertThat(deploy.source()).isEqualTo("roles/deploy.yaml");
        assertThat(deploy.trust().get(0).conditions()).as("enforced rules untouched").hasSize(4);
        assertThat(deploy.shadow().get().trust().orElseThrow().get(0).condition("environment")).isPresent();
        assertThat(PolicyEngine.of(set).decideLive(identity(Map.of()), "deploy").agrees()).isFalse();
    }

    @Test
    void editing_a_shadow_file_recompiles_only_it_and_gives_the_role_the_new_candidate() throws Exception {
        dir.write("roles/deploy.shadow.yaml", SHADOW_FILE);
        PolicySet first = load();
        assertThat(loader.compilations()).isEqualTo(2);
        assertThat(load().role("deploy").orElseThrow()).as("nothing changed: same instance").isSameAs(first.role("deploy").orElseThrow());
        assertThat(loader.compilations()).isEqualTo(2);

        dir.write("roles/deploy.shadow.yaml", SHADOW_FILE.replace("production", "staging"));
        PolicySet second = load();
        assertThat(loader.compilations()).as("only the shadow file").isEqualTo(3);
        assertThat(second.version()).isNotEqualTo(first.version())
                .isEqualTo(PolicyLoader.load(dir.path()).set().orElseThrow().version());
        assertThat(PolicyEngine.of(second).decideLive(identity(Map.of("environment", "staging")), "deploy").agrees()).isTrue();
        assertThat(second.role("deploy").orElseThrow().trust()).as("the role's own compiled rules are reused")
                .isSameAs(first.role("deploy").orElseThrow().trust());

        dir.role("deploy", ROLE.replace("actor: mallory", "actor: eve"));
        PolicySet third = load();
        assertThat(loader.compilations()).as("only the role file").isEqualTo(4);
        assertThat(third.role("deploy").orElseThrow().deny().get(0).condition("actor").orElseThrow().expected()).isEqualTo("eve");
        assertThat(third.role("deploy").orElseThrow().shadow()).as("the shadow file's rules follow the edited role")
                .containsSame(second.role("deploy").orElseThrow().shadow().orElseThrow());

        Files.delete(dir.path().resolve("roles/deploy.shadow.yaml"));
        assertThat(load().role("deploy").orElseThrow().shadow()).as("deleted: the experiment ends").isEmpty();
    }

    static Stream<Arguments> refusedShadows() {
        return Stream.of(
                Arguments.of("shadowOf names a role no file defines", "roles/x.shadow.yaml", SHADOW_FILE.replace("deploy", "deploi"),
                        "roles/x.shadow.yaml:1:11: error: shadowOf names role 'deploi', which no role file defines (roles: deploy)"),
                Arguments.of("a second shadow file for the same role", "roles/zz.yaml", SHADOW_FILE,
                        "roles/zz.yaml:1:11: error: role 'deploy' already has shadow rules in roles/deploy.shadow.yaml"),
                Arguments.of("a shadow file with credentials", "roles/x.shadow.yaml", SHADOW_FILE + "credentials:\n  internal: {audience: api}\n",
                        "error: a shadow file (shadowOf) has no 'credentials': it is never exchangeable itself"),
                Arguments.of("a shadow file without rules", "roles/x.shadow.yaml", "shadowOf: deploy\ndescription: d\n",
                        "error: a shadow file needs trust and/or deny"),
                Arguments.of("a shadow rule with CEL that does not compile", "roles/x.shadow.yaml", SHADOW_FILE + "    when: 'claims.ref =='\n",
                        "roles/x.shadow.yaml:10:11: error: trust[0].when: invalid CEL"),
                Arguments.of("a shadow rule naming an unknown issuer", "roles/x.shadow.yaml", SHADOW_FILE.replace("issuer: github", "issuer: githib"),
                        "error: unknown issuer 'githib'"),
                Arguments.of("a shadow rule with an unknown field", "roles/x.shadow.yaml", SHADOW_FILE + "    owner: x\n",
                        "error: unknown field 'trust[0].owner'"));
    }

    @ParameterizedTest(name = "{0} -> the load is refused")
    @MethodSource("refusedShadows")
    void a_broken_shadow_refuses_the_load_like_any_broken_rule(String name, String file, String text, String message) {
        dir.write("roles/deploy.shadow.yaml", SHADOW_FILE);
        load();
        dir.write(file, text);
        assertThat(errors()).extracting(Problem::toString).anySatisfy(p -> assertThat(p).contains(message));
    }

    @Test
    void a_role_with_a_shadow_block_and_a_shadow_file_is_refused() {
        dir.role("deploy", ROLE + "shadow:\n  deny: []\n").write("roles/deploy.shadow.yaml", SHADOW_FILE);
        assertThat(errors()).extracting(Problem::toString).containsExactly("roles/deploy.shadow.yaml:1:11: error: role 'deploy'"
                + " already has shadow rules in roles/deploy.yaml; a role has one shadow (a shadow: block or one shadowOf file)");
    }

    @Test
    void a_shadow_block_needs_rules_and_knows_only_its_fields() {
        dir.role("deploy", ROLE + "shadow:\n  description: nothing\n  credentials: {}\n");
        assertThat(errors()).extracting(Problem::toString).containsExactly(
                "roles/deploy.yaml:16:3: error: shadow needs trust and/or deny: the candidate rules that replace the role's own lists",
                "roles/deploy.yaml:17:3: error: unknown field 'shadow.credentials' (known fields: description, trust, deny)");
    }

    // ---- lints ----

    @Test
    void shadow_rules_are_linted_and_an_error_lint_refuses_the_load_marked_shadow() {
        dir.write("roles/deploy.shadow.yaml", "shadowOf: deploy\ntrust:\n  - issuer: github\n    claims: {ref: refs/heads/main, event_name: push}\n");
        assertThat(errors()).extracting(Problem::toString).singleElement().asString()
                .startsWith("roles/deploy.shadow.yaml:3:5: error: [no-tenant-binding] shadow: role 'deploy' trust[0] trusts multi-tenant issuer 'github'");
    }

    @Test
    void what_the_candidate_inherits_is_not_reported_twice() {
        // The role's rule binds the repository by name too: name-only-binding would warn on a copy without the ID.
        String nameOnly = ROLE.replace("      repository_id: \"42\"\n", "").replace("repository: acme/app", "repository: acme/app\n      repository_owner_id: \"7\"");
        dir.role("deploy", nameOnly + "shadow:\n  deny: []\n");
        PolicyLoader.Result inherited = loader.reload(dir.path());
        assertThat(inherited.warnings()).extracting(Problem::message).filteredOn(m -> m.contains("name-only-binding")).singleElement()
                .asString().doesNotContain("shadow:");

        dir.role("deploy", nameOnly + "shadow:\n  trust:\n" + RULE.formatted("").replace("      repository_id: \"42\"\n", "").indent(2));
        PolicyLoader.Result own = loader.reload(dir.path());
        assertThat(own.warnings()).extracting(Problem::toString).filteredOn(m -> m.contains("name-only-binding")).hasSize(2)
                .anySatisfy(m -> assertThat(m).startsWith("roles/deploy.yaml:19:21:").contains("[name-only-binding] shadow: "));
    }
}
