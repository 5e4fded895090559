package dev.wifbroker.policy.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.policy.ClaimsIdentity;
import dev.wifbroker.policy.ConditionTrace;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.support.PolicyDir;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyExplainerTest {
    @TempDir
    Path tmp;
    PolicySet set;

    @BeforeEach
    void load() {
        set = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp)
                .role("by-sub", """
                        role: by-sub
                        trust:
                          - issuer: github
                            claims:
                              sub: "repo:acme/app:ref:refs/heads/main"
                              repository_id: "42"
                              event_name: push
                              pull_request_number: "1"
                        credentials:
                          internal: {audience: api, scopes: [x]}
                        """.replace("      pull_request_number: \"1\"\n", ""))
                .role("by-env", """
                        role: by-env
                        trust:
                          - issuer: github
                            claims:
                              repository: acme/app
                              repository_id: "42"
                              environment: Production
                        credentials:
                          internal: {audience: api, scopes: [x]}
                        """)
                .path()).set().orElseThrow();
    }

    static Map<String, Object> claims(String sub) {
        Map<String, Object> c = new HashMap<>();
        c.put("iss", "https://token.actions.githubusercontent.com");
        c.put("sub", sub);
        c.put("repository", "acme/app");
        c.put("repository_id", "42");
        c.put("event_name", "push");
        return c;
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of(
                Arguments.of("sub in environment form while the rule expects ref form", "by-sub",
                        claims("repo:acme/app:environment:prod"), Hint.Kind.SUB_SHAPE, "because the job declared `environment: prod`"),
                Arguments.of("sub in immutable-ID form while the rule expects names", "by-sub",
                        claims("repo:acme@7/app@42:ref:refs/heads/main"), Hint.Kind.SUB_SHAPE, "immutable-ID form"),
                Arguments.of("environment differing only in case", "by-env",
                        with(claims("repo:acme/app:environment:production"), "environment", "production"), Hint.Kind.CASE_ONLY, "only in case"),
                Arguments.of("environment claim missing because the job declared none", "by-env",
                        claims("repo:acme/app:ref:refs/heads/main"), Hint.Kind.NOT_IN_TOKEN, "did not declare `environment:`"));
    }

    static Map<String, Object> with(Map<String, Object> c, String k, String v) {
        c.put(k, v);
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nearMisses")
    void near_misses_are_explained(String name, String role, Map<String, Object> claims, Hint.Kind kind, String text) {
        IdentityView id = ClaimsIdentity.of(set.issuers().byName().get("github"), claims);
        Explanation e = new PolicyExplainer(set).explain(id, Optional.of(role), true);
        List<Hint> hints = e.roles().get(0).hints();
        assertThat(hints).as(hints.toString()).anySatisfy(h -> {
            assertThat(h.kind()).isEqualTo(kind);
            assertThat(h.message()).contains(text);
        });
        assertThat(ExplainReport.render(e, "x")).contains("hint: ").doesNotContain("signature not verified");
        String json = assertDoesNotThrow(() -> new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(ExplainJson.of(e)));
        assertThat(json).contains("\"reason\":\"no_matching_rule\"").contains("\"kind\":\"" + kind.name().toLowerCase() + "\"");
    }

    @Test
    void an_allowed_role_whose_credential_template_cannot_render_is_denied_naming_the_claim() {
        PolicySet templated = PolicyLoader.load(PolicyDir.withSampleIssuers(tmp.resolve("templated")).role("session", """
                role: session
                trust:
                  - issuer: github
                    claims: {repository: acme/app, repository_id: "42", ref: refs/heads/main, event_name: push}
                credentials:
                  aws: {roleArn: "arn:aws:iam::123456789012:role/session", sessionName: "gha-{run_id}"}
                """).path()).set().orElseThrow();
        Map<String, Object> push = claims("repo:acme/app:ref:refs/heads/main");
        push.put("ref", "refs/heads/main");
        IdentityView withoutRunId = ClaimsIdentity.of(templated.issuers().byName().get("github"), push);
        Explanation e = new PolicyExplainer(templated).explain(withoutRunId, Optional.of("session"), false);
        assertThat(e.anyAllowed()).isFalse();
        assertThat(e.roles().get(0).decision().allowed()).as("the policy itself allows").isTrue();
        assertThat(ExplainReport.render(e, "claims.json")).contains("role session: DENIED (no_matching_rule): trust[0] matched,"
                + " but credentials.aws.sessionName 'gha-{run_id}' needs claim 'run_id', which the token lacks");
        assertThat(ExplainJson.of(e).toString()).contains("allowed=false").contains("failingClaim=run_id");
        push.put("run_id", "7");
        assertThat(new PolicyExplainer(templated).explain(ClaimsIdentity.of(templated.issuers().byName().get("github"), push),
                Optional.of("session"), false).anyAllowed()).isTrue();
    }

    @Test
    void a_claim_the_profile_never_emits_is_named_as_such() {
        // The linter refuses such a rule, so build the hint directly from a rule the engine would evaluate.
        Rule rule = new Rule(Rule.Kind.TRUST, 0, "github",
                List.of(new Condition("repo", new Matcher.Exact("acme/app"), new SourcePos("r.yaml", 5, 7))), Optional.empty(),
                new SourcePos("r.yaml", 3, 5));
        IdentityView id = ClaimsIdentity.of(set.issuers().byName().get("github"), claims("repo:acme/app:ref:refs/heads/main"));
        RuleTrace fake = new RuleTrace(rule.kind(), 0, rule.pos(), true, false, List.of(
                new ConditionTrace("repo", "acme/app", null, ConditionTrace.Outcome.ABSENT, null)));
        List<Hint> hints = NearMisses.of(rule, fake, id, set.issuers().byName().get("github"));
        assertThat(hints).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo(Hint.Kind.NEVER_EMITTED);
            assertThat(h.message()).contains("never emits 'repo'").contains("did you mean 'repository'");
        });
    }
}
