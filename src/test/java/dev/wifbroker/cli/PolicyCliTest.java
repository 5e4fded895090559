package dev.wifbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyCliTest {
    static final String SAMPLES = "trust-policies";
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PolicyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of("no command", new String[] {"policy"}, "missing command"),
                Arguments.of("unknown command", new String[] {"policy", "deploy", SAMPLES}, "unknown command"),
                Arguments.of("lint without directory", new String[] {"policy", "lint"}, "missing policy directory"),
                Arguments.of("directory that does not exist", new String[] {"policy", "lint", "/nonexistent"}, "is not a directory"),
                Arguments.of("explain with both token and claims", new String[] {"policy", "explain", "--token", "a", "--claims", "b", SAMPLES}, "exactly one of"),
                Arguments.of("explain with claims but no issuer", new String[] {"policy", "explain", "--claims", "b", SAMPLES}, "needs --issuer"),
                Arguments.of("option without value", new String[] {"policy", "explain", "--role"}, "needs a value"));
    }

    @ParameterizedTest(name = "{0} -> exit 2")
    @MethodSource("usageErrors")
    void usage_errors_exit_2_with_the_usage_text(String name, String[] args, String message) {
        Run r = run(args);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(message).contains("usage: policy lint");
    }

    @Test
    void lint_of_the_samples_is_clean() {
        Run r = run("policy", "lint", SAMPLES);
        assertThat(r.code()).as(r.out()).isZero();
        long roles = count("roles");
        long issuers = count("issuers");
        assertThat(r.out()).contains("OK, " + roles + " roles, " + issuers + " issuers, 0 warnings, version sha256:");
    }

    @Test
    void lint_reports_file_line_and_fix_and_exits_1() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("open", """
                role: open
                trust:
                  - issuer: github
                    claims:
                      ref: refs/heads/main
                      event_name: push
                credentials:
                  internal: {audience: api, scopes: [x]}
                """);
        Run r = run("policy", "lint", dir.path().toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("roles/open.yaml:3:5: error: [no-tenant-binding]").contains("Fix: add repository_id")
                .contains("the broker would keep its last good policy");
    }

    @Test
    void lint_and_test_take_the_brokers_max_token_lifetime() {
        Run shorter = run("policy", "lint", "--max-token-lifetime", "10m", SAMPLES);
        assertThat(shorter.code()).isEqualTo(1);
        assertThat(shorter.out()).contains("roles/refund-service.yaml:").contains("[ttl-above-maximum] credentials.internal.duration 15m"
                + " is above broker.keys.max-token-lifetime 10m");
        assertThat(run("policy", "test", "--max-token-lifetime", "10m", SAMPLES).code()).isEqualTo(1);
        assertThat(run("policy", "lint", "--max-token-lifetime", "15m", SAMPLES).code()).isZero();
        Run bad = run("policy", "lint", "--max-token-lifetime", "soon", SAMPLES);
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--max-token-lifetime: 'soon' is not a duration");
    }

    @Test
    void warnings_fail_lint_only_when_asked() {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("named", """
                role: named
                trust:
                  - issuer: github
                    claims: {repository: acme/app, ref: refs/heads/main, event_name: push}
                credentials:
                  internal: {audience: api, scopes: [x]}
                """);
        assertThat(run("policy", "lint", dir.path().toString()).code()).isZero();
        Run strict = run("policy", "lint", "--warnings-as-errors", dir.path().toString());
        assertThat(strict.code()).isEqualTo(1);
        assertThat(strict.out()).contains("warning: [name-only-binding]");
    }

    @Test
    void test_runs_every_sample_case() {
        Run r = run("policy", "test", SAMPLES);
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("PASS tests/payments-deploy.yaml: a feature branch is denied on ref").contains(" 0 failed");
    }

    @Test
    void test_exits_1_and_names_the_case_when_an_expectation_breaks() throws IOException {
        copySamples();
        Path role = tmp.resolve("roles/refund-service.yaml");
        Files.writeString(role, Files.readString(role).replace("service_account: refund-service", "service_account: ledger"));
        Run r = run("policy", "test", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL tests/refund-service.yaml: the refund service gets its capped refund token")
                .contains("expected allow, but denied (no_matching_rule): service_account: expected ledger, got \"refund-service\"");
    }

    @Test
    void test_checks_expect_shadow_against_the_shadow_rules_beside_expect() throws IOException {
        copySamples();
        Path tests = tmp.resolve("tests/payments-deploy.yaml");
        String legacy = "    claims: {sub: \"repo:acme/payments:environment:production\"}\n    expect: allow\n    expectShadow: ";
        assertThat(Files.readString(tests)).contains(legacy + "deny");
        Files.writeString(tests, Files.readString(tests).replace(legacy + "deny", legacy + "allow"));
        Run r = run("policy", "test", tmp.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL tests/payments-deploy.yaml: a token with the legacy name-only sub is allowed today")
                .contains("shadow: expected allow, but denied (no_matching_rule): sub: expected repo:acme@1342004/payments@892551:"
                        + "environment:production, got \"repo:acme/payments:environment:production\"")
                .contains(" 1 failed");
    }

    @Test
    void test_with_shadow_judges_every_case_against_the_candidate_rules() throws IOException {
        copySamples();
        Files.writeString(tmp.resolve("tests/legacy.yaml"), """
                cases:
                  - name: a legacy-sub deploy
                    role: payments-deploy
                    issuer: github
                    claims: {repository: acme/payments, repository_id: "892551", repository_owner_id: "1342004",
                      ref: refs/heads/main, environment: production, event_name: push, runner_environment: github-hosted,
                      job_workflow_ref: acme/deploy-workflows/.github/workflows/deploy.yml@refs/tags/v3.2.0,
                      run_id: "1", run_attempt: "1", sub: "repo:acme/payments:environment:production"}
                    expect: allow
                """);
        assertThat(run("policy", "test", tmp.toString()).code()).as("the enforced rules allow it").isZero();
        Run promoted = run("policy", "test", "--shadow", tmp.toString());
        assertThat(promoted.code()).isEqualTo(1);
        assertThat(promoted.out()).contains("judging every case against its role's shadow rules")
                .contains("FAIL tests/legacy.yaml: a legacy-sub deploy").contains("expected allow, but denied (no_matching_rule): sub:")
                .contains("PASS tests/payments-deploy.yaml: a token with the legacy name-only sub is allowed today")
                .contains("PASS tests/refund-service.yaml: the refund service gets its capped refund token").contains(" 1 failed");
    }

    @Test
    void expect_shadow_on_a_role_without_shadow_rules_fails_the_case() throws IOException {
        copySamples();
        Path tests = tmp.resolve("tests/refund-service.yaml");
        Files.writeString(tests, Files.readString(tests).replaceFirst("expect: allow", "expect: allow\n    expectShadow: allow"));
        Run r = run("policy", "test", tmp.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("expectShadow is given, but role 'refund-service' has no shadow rules");
    }

    @Test
    void explain_traces_the_shadow_rules_after_the_enforced_ones() throws IOException {
        Path claims = tmp.resolve("claims.json");
        Files.writeString(claims, """
                {"iss": "https://token.actions.githubusercontent.com", "aud": "https://broker.example.com",
                 "sub": "repo:acme/payments:environment:production", "repository": "acme/payments", "repository_id": "892551",
                 "repository_owner_id": "1342004", "ref": "refs/heads/main", "environment": "production", "event_name": "push",
                 "job_workflow_ref": "acme/deploy-workflows/.github/workflows/deploy.yml@refs/tags/v3.2.0",
                 "runner_environment": "github-hosted", "run_id": "1", "run_attempt": "1"}
                """);
        Run r = run("policy", "explain", "--claims", claims.toString(), "--issuer", "github", "--role", "payments-deploy", SAMPLES);
        assertThat(r.code()).as("the enforced verdict decides the exit code").isZero();
        assertThat(r.out()).contains("role payments-deploy: ALLOWED by trust[0]")
                .contains("shadow (report-only, roles/payments-deploy.shadow.yaml:9:11): DENIED (no_matching_rule), DISAGREES with the enforced rules")
                .contains("shadow.trust[0] roles/payments-deploy.shadow.yaml:12:5: FAILED")
                .contains("FAIL sub: expected repo:acme@1342004/payments@892551:environment:production, got \"repo:acme/payments:environment:production\"");
    }

    @Test
    void a_null_claim_in_a_test_file_is_a_file_line_error_for_lint_and_test_not_a_stack_trace() throws IOException {
        copySamples();
        Files.writeString(tmp.resolve("tests/null.yaml"), """
                cases:
                  - name: a claim written without a value
                    role: refund-service
                    issuer: kubernetes-prod
                    claims: {sub: "system:serviceaccount:payments:refund-service", environment: }
                    expect: deny
                """);
        for (String command : new String[] {"lint", "test"}) {
            Run r = run("policy", command, tmp.toString());
            assertThat(r.code()).as(command).isEqualTo(1);
            assertThat(r.out() + r.err()).as(command)
                    .containsPattern("tests/null.yaml:5:\\d+: error: cases\\[0]\\.claims: claim 'environment' is null")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void explain_with_claims_names_the_failing_condition_expected_and_actual() throws IOException {
        Path claims = tmp.resolve("claims.json");
        Files.writeString(claims, """
                {"iss": "https://oidc.prod.k8s.example.com", "sub": "system:serviceaccount:payments:refund-service",
                 "kubernetes.io": {"namespace": "Payments", "serviceaccount": {"name": "refund-service"}}}
                """);
        Run r = run("policy", "explain", "--claims", claims.toString(), "--issuer", "kubernetes-prod", "--role", "refund-service", SAMPLES);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("role refund-service: DENIED (no_matching_rule)")
                .contains("FAIL namespace: expected payments, got \"Payments\"")
                .contains("only in case")
                .contains("signature not verified");
    }

    @Test
    void explain_with_a_token_decodes_it_without_verifying_and_says_so() throws IOException {
        String payload = "{\"iss\":\"https://oidc.prod.k8s.example.com\",\"aud\":[\"https://broker.example.com\"],"
                + "\"sub\":\"system:serviceaccount:checkout:checkout\",\"kubernetes.io\":{\"pod\":{\"name\":\"checkout-1\"}}}";
        String jwt = b64("{\"alg\":\"RS256\",\"kid\":\"x\"}") + "." + b64(payload) + "." + b64("not-a-signature");
        Path token = tmp.resolve("token.jwt");
        Files.writeString(token, jwt + "\n");
        Run r = run("policy", "explain", "--token", token.toString(), SAMPLES);
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("WARNING: claims from " + token + " - signature not verified")
                .contains("role checkout-payment: ALLOWED by trust[0]")
                .contains("role refund-service: DENIED (no_matching_rule)");
    }

    static Stream<Arguments> foreignAudiences() {
        return Stream.of(
                Arguments.of("an audience of another relying party", "\"aud\":\"sts.amazonaws.com\",", "aud [sts.amazonaws.com] does not contain"),
                Arguments.of("no audience at all", "", "token has no aud"));
    }

    @ParameterizedTest(name = "explain --token with {0} reports audience_mismatch and exits 1")
    @MethodSource("foreignAudiences")
    void explain_with_a_token_checks_its_audience_like_the_verifier(String name, String aud, String message) throws IOException {
        String payload = "{\"iss\":\"https://oidc.prod.k8s.example.com\"," + aud
                + "\"sub\":\"system:serviceaccount:checkout:checkout\",\"kubernetes.io\":{\"pod\":{\"name\":\"checkout-1\"}}}";
        Path token = tmp.resolve("token.jwt");
        Files.writeString(token, b64("{\"alg\":\"RS256\"}") + "." + b64(payload) + "." + b64("sig"));
        Run r = run("policy", "explain", "--token", token.toString(), "--role", "checkout-payment", SAMPLES);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("REFUSED before policy (audience_mismatch): ").contains(message)
                .contains("[https://broker.example.com]");
    }

    @Test
    void explain_refuses_a_token_from_an_undeclared_issuer() throws IOException {
        Path token = tmp.resolve("token.jwt");
        Files.writeString(token, b64("{}") + "." + b64("{\"iss\":\"https://evil.example\"}") + ".c2ln");
        Run r = run("policy", "explain", "--token", token.toString(), SAMPLES);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is not a declared issuer");
    }

    static Stream<Arguments> bombs() {
        String twenty = "[" + String.join(",", java.util.Collections.nCopies(20, "1")) + "]";
        String sixDeep = "claims.sub == \"x\"";
        for (int i = 0; i < 6; i++) {
            sixDeep = twenty + ".all(v" + i + ", " + sixDeep + ")";
        }
        return Stream.of(
                Arguments.of("regex bomb", "ref: {regex: \"((((x{100}){100}){100}){100})\"}", "",
                        "roles/bomb.yaml:6:20: error: claim 'ref': regex would compile to 102,020,204 instructions", "10,000"),
                Arguments.of("regex longer than the limit", "ref: {regex: \"" + "a".repeat(2000) + "\"}", "",
                        "roles/bomb.yaml:6:20: error: claim 'ref': regex is 2000 characters long", "the limit is 1024"),
                Arguments.of("glob longer than the limit", "ref: {glob: \"" + "a*".repeat(600) + "\"}", "",
                        "roles/bomb.yaml:6:19: error: claim 'ref': glob is 1200 characters long", "the limit is 1024"),
                Arguments.of("CEL nesting bomb", "ref: refs/heads/main", "(".repeat(1500) + "true" + ")".repeat(1500),
                        "roles/bomb.yaml:7:11: error: trust[0].when: invalid CEL: expression nests deeper than 32 levels",
                        "the limit is 32"),
                Arguments.of("CEL comprehension bomb", "ref: refs/heads/main", sixDeep,
                        "roles/bomb.yaml:7:11: error: trust[0].when: invalid CEL: comprehensions over literal lists can run"
                                + " 67,368,420 iterations", "the limit is 1000"));
    }

    @ParameterizedTest(name = "{0} -> lint exits 1 within seconds, naming file:line and the limit")
    @MethodSource("bombs")
    void lint_refuses_policies_that_would_exhaust_the_broker_quickly(String name, String claim, String when, String where,
            String limit) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).role("bomb", """
                role: bomb
                trust:
                  - issuer: github
                    claims:
                      repository_id: "892551"
                      %s
                %s
                credentials:
                  internal: {audience: api, scopes: [x]}
                """.formatted(claim, when.isEmpty() ? "" : "    when: '" + when + "'"));
        long start = System.nanoTime();
        Run r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> run("policy", "lint", dir.path().toString()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains(where).contains(limit).contains("the broker would keep its last good policy");
        assertThat(millis).as("lint time in ms").isLessThan(5_000);
    }

    /** The sample files of a kind; for roles, without shadow files ({@code shadowOf}), which define no role. */
    private static long count(String kind) {
        try (Stream<Path> files = Files.list(Path.of(SAMPLES, kind))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).filter(p -> !read(p).contains("\nshadowOf:")).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private void copySamples() throws IOException {
        try (Stream<Path> walk = Files.walk(Path.of(SAMPLES))) {
            for (Path p : walk.toList()) {
                Path target = tmp.resolve(Path.of(SAMPLES).relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
