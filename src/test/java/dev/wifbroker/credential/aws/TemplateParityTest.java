package dev.wifbroker.credential.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.MissingClaimException;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.credential.template.CredentialTemplates;
import dev.wifbroker.credential.internal.InternalTarget;
import dev.wifbroker.policy.model.RoleCredentials;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.credential.template.TemplateCharset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code policy explain} and {@code policy test} ask {@link CredentialTemplates} whether a role's credential can be
 * minted; the exchange renders with {@link AwsSessionSpec} and {@link InternalTarget#renderClaims}. They must agree
 * on every identity: same refusal, same claim named.
 */
class TemplateParityTest {
    static final AwsTarget AWS = new AwsTarget("arn:aws:iam::123456789012:role/r", Duration.ofMinutes(15),
            Optional.of(t("gha-{run_id}", AwsLimits.SESSION_NAME_CHARSET)), Optional.empty(), List.of(),
            Map.of("ref", t("{head_ref}", AwsLimits.TAG_VALUE_CHARSET)), Optional.of(t("{actor}", AwsLimits.SESSION_NAME_CHARSET)));
    static final InternalTarget INTERNAL = new InternalTarget("api", List.of("x"), Duration.ofMinutes(5),
            Map.of("env", t("{environment}", TemplateCharset.TEXT), "limit", 5L), InternalTarget.Algorithm.ES256);

    static Template t(String text, TemplateCharset charset) {
        return Template.parse(text, charset);
    }

    static Stream<Arguments> identities() {
        return Stream.of(
                Arguments.of("every claim present", Map.of("run_id", "1", "head_ref", "f", "actor", "octo", "environment", "prod"), null),
                Arguments.of("head_ref missing (a push)", Map.of("run_id", "1", "actor", "octo", "environment", "prod"), "head_ref"),
                Arguments.of("actor multi-valued", Map.of("run_id", "1", "head_ref", "f", "actor", List.of("a", "b"), "environment", "p"), "actor"),
                Arguments.of("session name claim missing", Map.of("head_ref", "f", "actor", "octo", "environment", "prod"), "run_id"));
    }

    @ParameterizedTest(name = "aws: {0}")
    @MethodSource("identities")
    void explain_and_the_aws_minter_agree(String name, Map<String, Object> attributes, String missing) {
        RoleCredentials creds = RoleCredentials.of(List.of(AWS));
        Optional<CredentialTemplates.Unrenderable> said = CredentialTemplates.firstUnrenderable(creds.all(), attributes);
        Grant request = new Grant("r", "github:s", "https://i", "s", attributes, List.of(), null);
        if (missing == null) {
            assertThat(said).isEmpty();
            assertThat(AwsSessionSpec.render(AWS, request).sessionName()).startsWith("gha-");
        } else {
            assertThat(said).map(CredentialTemplates.Unrenderable::claim).contains(missing);
            assertThatThrownBy(() -> AwsSessionSpec.render(AWS, request)).isInstanceOf(MissingClaimException.class)
                    .satisfies(e -> assertThat(((MissingClaimException) e).claim()).isEqualTo(missing));
        }
    }

    @ParameterizedTest(name = "internal: {0}")
    @MethodSource("identities")
    void explain_and_the_internal_minter_agree(String name, Map<String, Object> attributes, String ignored) {
        RoleCredentials creds = new RoleCredentials(Map.of("internal", INTERNAL), Map.of("internal", new SourcePos("r.yaml", 1, 1)));
        assertThat(CredentialTemplates.firstUnrenderable(creds.all(), attributes).isPresent())
                .isEqualTo(INTERNAL.renderClaims(attributes).isEmpty());
    }
}
