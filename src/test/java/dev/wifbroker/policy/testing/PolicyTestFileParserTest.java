package dev.wifbroker.policy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.yaml.Problems;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyTestFileParserTest {

    @Test
    void cases_merge_defaults_apply_removals_and_read_tokens_unverified() {
        String jwt = "e30." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"t\",\"ref\":\"x\"}".getBytes()) + ".c2ln";
        String yaml = """
                defaults: {role: r, issuer: i, claims: {sub: s, ref: refs/heads/main, environment: prod, run_id: 42}}
                cases:
                  - {name: base, expect: allow}
                  - {name: branch, claims: {ref: refs/heads/dev}, remove: [environment], expect: deny, reason: no_matching_rule, failing: ref}
                  - {name: token, role: other, token: "%s", expect: deny}
                """.formatted(jwt);
        Problems problems = new Problems("tests/t.yaml");
        List<PolicyTestCase> cases = PolicyTestFileParser.parse(yaml, problems);
        assertThat(problems.all()).isEmpty();
        assertThat(cases.get(0).claims()).containsEntry("run_id", 42L).containsEntry("environment", "prod");
        assertThat(cases.get(1).claims()).containsEntry("ref", "refs/heads/dev").doesNotContainKey("environment");
        assertThat(cases.get(1).failing()).contains("ref");
        assertThat(cases.get(2).claims()).containsOnlyKeys("sub", "ref").containsEntry("sub", "t");
        assertThat(cases.get(2).role()).isEqualTo("other");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no cases", "defaults: {role: r}\n", "non-empty 'cases'"),
                Arguments.of("unknown case field", "cases: [{name: a, role: r, issuer: i, expect: allow, expected: deny}]\n", "unknown field"),
                Arguments.of("bad expect", "cases: [{name: a, role: r, issuer: i, expect: yes}]\n", "allow or deny"),
                Arguments.of("missing role", "cases: [{name: a, issuer: i, expect: allow}]\n", "role and issuer are required"),
                Arguments.of("reason on allow", "cases: [{name: a, role: r, issuer: i, expect: allow, reason: no_matching_rule}]\n", "only apply to expect: deny"),
                Arguments.of("unknown reason", "cases: [{name: a, role: r, issuer: i, expect: deny, reason: nope}]\n", "reason must be one of"),
                Arguments.of("token and claims", "cases: [{name: a, role: r, issuer: i, expect: deny, token: a.b.c, claims: {a: b}}]\n", "exclusive"),
                Arguments.of("malformed token", "cases: [{name: a, role: r, issuer: i, expect: deny, token: abc}]\n", "not a compact JWT"),
                Arguments.of("null claim in a case", "cases:\n  - name: a\n    role: r\n    issuer: i\n    expect: deny\n"
                        + "    claims:\n      environment:\n", "cases[0].claims: claim 'environment' is null; write its value, or remove: [environment]"),
                Arguments.of("null nested claim in defaults", "defaults: {claims: {kubernetes.io: {pod: ~}}}\n"
                        + "cases: [{name: a, role: r, issuer: i, expect: deny}]\n", "claim 'kubernetes.io.pod' is null"),
                Arguments.of("null list element", "cases: [{name: a, role: r, issuer: i, expect: deny, claims: {aud: [x, null]}}]\n",
                        "claim 'aud[1]' is null; write its value, or remove: [aud]"),
                // Found by PolicyFilesFuzzTest: a flow-mapping key without a value threw NullPointerException.
                Arguments.of("flow key without a value", "cases: [{name: a, role: r, issuer: i, expect: deny, claims: {a: b, ref}}]\n",
                        "claim 'ref' is null"));
    }

    @Test
    void a_null_claim_is_reported_at_its_line_not_thrown() {
        Problems problems = new Problems("tests/t.yaml");
        String yaml = "cases:\n  - name: a\n    role: r\n    issuer: i\n    expect: deny\n    claims:\n      ref: refs/heads/main\n"
                + "      environment: null\n";
        assertThat(PolicyTestFileParser.parse(yaml, problems)).isEmpty();
        assertThat(problems.all()).singleElement().satisfies(p -> {
            assertThat(p.toString()).startsWith("tests/t.yaml:8:20: error: ");
            assertThat(p.isError()).isTrue();
        });
    }

    @Test
    void a_json_null_in_a_token_is_an_absent_claim_as_for_the_verifier() {
        String jwt = "e30." + Base64.getUrlEncoder().withoutPadding().encodeToString("{\"sub\":\"t\",\"environment\":null}".getBytes())
                + ".c2ln";
        Problems problems = new Problems("tests/t.yaml");
        List<PolicyTestCase> cases = PolicyTestFileParser.parse("cases: [{name: a, role: r, issuer: i, expect: deny, token: \"" + jwt
                + "\"}]\n", problems);
        assertThat(problems.all()).isEmpty();
        assertThat(cases.get(0).claims()).containsOnlyKeys("sub");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_test_files_are_reported(String name, String yaml, String message) {
        Problems problems = new Problems("tests/t.yaml");
        assertThat(PolicyTestFileParser.parse(yaml, problems)).isEmpty();
        assertThat(problems.all()).anySatisfy(p -> assertThat(p.message()).contains(message));
    }
}
