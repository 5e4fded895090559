package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.reason.Reason;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyEngineTest {
    @TempDir
    Path tmp;
    PolicySet set;

    static final String ROLE = """
            role: deploy
            trust:
              - issuer: gitlab
                claims: {project_id: "1", project_path: a/b, ref_protected: "true"}
              - issuer: github
                claims:
                  repository: acme/app
                  repository_id: "42"
                  ref: refs/heads/main
                  environment: {not: dev}
                  event_name: {oneOf: [push, workflow_dispatch]}
                when: 'claims.runner_environment == "github-hosted"'
            deny:
              - issuer: github
                claims: {actor: mallory}
            credentials:
              internal: {audience: api, scopes: [deploy]}
            """;

    @BeforeEach
    void load() {
        PolicyLoader.Result r = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp).role("deploy", ROLE).path());
        assertThat(r.errors()).isEmpty();
        set = r.set().orElseThrow();
    }

    static Map<String, Object> good() {
        Map<String, Object> m = new HashMap<>();
        m.put("repository", "acme/app");
        m.put("repository_id", "42");
        m.put("ref", "refs/heads/main");
        m.put("environment", "prod");
        m.put("event_name", "push");
        m.put("runner_environment", "github-hosted");
        m.put("actor", "octocat");
        return m;
    }

    PolicyDecision decide(Map<String, Object> attrs) {
        return PolicyEngine.of(set).decide(new IdentityView("github", "https://token.actions.githubusercontent.com",
                dev.wifbroker.identity.profile.ProfileKind.GITHUB_ACTIONS, "s", attrs), "deploy");
    }

    @Test
    void allowed_names_the_matching_rule_and_the_set_version() {
        PolicyDecision d = decide(good());
        assertThat(d).isInstanceOf(PolicyDecision.Allowed.class);
        assertThat(((PolicyDecision.Allowed) d).ruleIndex()).isEqualTo(1);
        assertThat(d.trace().policyVersion()).isEqualTo(set.version()).startsWith("sha256:");
        assertThat(d.trace().trust().get(0).issuerMatched()).isFalse();
    }

    @Test
    void denial_traces_every_failing_condition_with_expected_and_actual() {
        Map<String, Object> a = good();
        a.put("ref", "refs/heads/dev");
        a.put("event_name", "pull_request");
        PolicyDecision.Denied d = (PolicyDecision.Denied) decide(a);
        assertThat(d.reason()).isEqualTo(Reason.NO_MATCHING_RULE);
        RuleTrace rule = d.trace().closestTrustRule().orElseThrow();
        assertThat(rule.failures()).extracting(ConditionTrace::describe).containsExactly(
                "ref: expected refs/heads/main, got \"refs/heads/dev\"",
                "event_name: expected one of [push, workflow_dispatch], got \"pull_request\"");
        assertThat(d.failingClaim()).contains("ref");
    }

    @Test
    void a_negation_never_passes_on_a_missing_claim() {
        Map<String, Object> a = good();
        a.remove("environment");
        PolicyDecision.Denied d = (PolicyDecision.Denied) decide(a);
        assertThat(d.trace().closestTrustRule().orElseThrow().firstFailure().orElseThrow().outcome())
                .isEqualTo(ConditionTrace.Outcome.ABSENT);
    }

    @Test
    void a_cel_error_on_a_missing_claim_is_false_not_true() {
        Map<String, Object> a = good();
        a.remove("runner_environment");
        PolicyDecision.Denied d = (PolicyDecision.Denied) decide(a);
        ConditionTrace when = d.trace().closestTrustRule().orElseThrow().firstFailure().orElseThrow();
        assertThat(when.claim()).isEqualTo("when");
        assertThat(when.outcome()).isEqualTo(ConditionTrace.Outcome.ERROR);
    }

    @Test
    void deny_overrides_trust_and_is_evaluated_first() {
        Map<String, Object> a = good();
        a.put("actor", "mallory");
        PolicyDecision.Denied d = (PolicyDecision.Denied) decide(a);
        assertThat(d.reason()).isEqualTo(Reason.DENIED_BY_RULE);
        assertThat(d.failingClaim()).contains("actor");
        assertThat(d.trace().trust()).isEmpty();
    }

    @Test
    void an_unknown_role_is_denied_as_unknown_role() {
        PolicyDecision d = PolicyEngine.of(set).decide(new IdentityView("github", "u",
                dev.wifbroker.identity.profile.ProfileKind.GITHUB_ACTIONS, "s", good()), "nope");
        assertThat(((PolicyDecision.Denied) d).reason()).isEqualTo(Reason.UNKNOWN_ROLE);
    }

    @Test
    void a_token_from_an_issuer_no_rule_names_fails_on_iss() {
        PolicyDecision.Denied d = (PolicyDecision.Denied) PolicyEngine.of(set).decide(new IdentityView("kubernetes-prod", "u",
                dev.wifbroker.identity.profile.ProfileKind.KUBERNETES, "s", good()), "deploy");
        assertThat(d.reason()).isEqualTo(Reason.NO_MATCHING_RULE);
        assertThat(d.failingClaim()).contains("iss");
        assertThat(d.trace().trust()).allSatisfy(r -> assertThat(r.issuerMatched()).isFalse());
    }

    @Test
    void a_list_valued_claim_matches_when_any_element_matches() {
        Map<String, Object> a = good();
        a.put("event_name", List.of("schedule", "push"));
        assertThat(decide(a).allowed()).isTrue();
    }

    @Test
    void the_version_is_a_content_hash_that_changes_with_the_files() {
        String before = set.version();
        PolicyDir.withSampleIssuers(tmp.resolve("again")).role("deploy", ROLE);
        assertThat(PolicyLoader.load(tmp.resolve("again")).set().orElseThrow().version()).isEqualTo(before);
        PolicyDir.withSampleIssuers(tmp.resolve("changed")).role("deploy", ROLE.replace("mallory", "eve"));
        assertThat(PolicyLoader.load(tmp.resolve("changed")).set().orElseThrow().version()).isNotEqualTo(before);
    }

    @Test
    void present_true_on_an_empty_list_claim_is_denied_as_absent() {
        PolicySet groups = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp.resolve("groups")).role("g", """
                role: g
                trust:
                  - issuer: gitlab
                    claims: {project_id: "1", project_path: a/b, ref_protected: "true", groups_direct: {present: true}}
                credentials:
                  internal: {audience: api, scopes: [x]}
                """).path()).set().orElseThrow();
        Map<String, Object> claims = new HashMap<>(Map.of("project_id", "1", "project_path", "a/b", "ref_protected", "true"));
        claims.put("groups_direct", List.of());
        PolicyDecision d = PolicyEngine.of(groups).decide(new IdentityView("gitlab", "https://gitlab.com",
                dev.wifbroker.identity.profile.ProfileKind.GITLAB, "s", claims), "g");
        assertThat(d.allowed()).isFalse();
        assertThat(d.trace().trust().get(0).firstFailure().orElseThrow().outcome()).isEqualTo(ConditionTrace.Outcome.ABSENT);
        claims.put("groups_direct", List.of("release-managers"));
        assertThat(PolicyEngine.of(groups).decide(new IdentityView("gitlab", "https://gitlab.com",
                dev.wifbroker.identity.profile.ProfileKind.GITLAB, "s", claims), "g").allowed()).isTrue();
    }
}
