package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken issuer file still declares its name, read by the YAML reader whatever the file's style, so a
 * role naming it is refused for the broken file only, not also as naming an unknown issuer.
 */
class PartialIssuersTest {
    private static final String ROLE = """
            role: corp
            trust:
              - issuer: corp
                claims: {sub: build-agent}
            credentials:
              aws: {roleArn: "arn:aws:iam::123456789012:role/corp", duration: 15m}
            """;

    @TempDir
    Path tmp;

    static Stream<Arguments> brokenIssuerFiles() {
        return Stream.of(
                Arguments.of("block style", "name: corp\nprofile: oidc\nurl: https://idp.corp.example.com\n"),
                Arguments.of("flow style", "{name: corp, profile: oidc, url: https://idp.corp.example.com}\n"),
                Arguments.of("quoted key", "\"name\": corp\nprofile: oidc\nurl: https://idp.corp.example.com\n"),
                Arguments.of("name after other keys, with a comment", "profile: oidc\nurl: https://idp.corp.example.com\n"
                        + "name: corp # the corporate IdP\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenIssuerFiles")
    void a_role_naming_a_broken_issuer_is_not_also_reported_as_naming_an_unknown_issuer(String style, String issuer) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).write("issuers/corp.yaml", issuer).role("corp", ROLE);
        PolicyLoader.Result result = PolicyLoader.load(dir.path());
        List<String> messages = result.problems().stream().map(Problem::toString).toList();
        assertThat(result.set()).isEmpty();
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("issuers/corp.yaml").contains("audiences is required"))
                .noneSatisfy(m -> assertThat(m).contains("unknown issuer 'corp'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenIssuerFiles")
    void the_declared_name_of_a_broken_issuer_file_is_its_top_level_name(String style, String issuer) {
        PolicyDir dir = PolicyDir.withSampleIssuers(tmp).write("issuers/corp.yaml", issuer);
        PartialIssuers partial = PartialIssuers.load(dir.path());
        assertThat(partial.declaredNames()).contains("corp");
        assertThat(partial.catalog().byName()).doesNotContainKey("corp").containsKey("github");
    }
}
