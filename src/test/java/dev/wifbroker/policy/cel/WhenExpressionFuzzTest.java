package dev.wifbroker.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Any {@code when:} text compiles or is refused with {@link WhenExpression.InvalidExpression} and a message; a
 * compiled expression evaluates to a result (an evaluation error is false, never true) for any claims. Expressions
 * are cut at 256 characters: evaluation cost bounds are the load bounds' concern. Inputs (seeded with the sample
 * policies' expressions): {@code WhenExpressionFuzzTestInputs/}.
 */
class WhenExpressionFuzzTest {
    private static final int MAX_EXPRESSION = 256;
    private static final List<Map<String, Object>> CLAIMS = List.of(
            Map.of(),
            Map.of("runner_environment", "github-hosted", "ref", "refs/heads/main", "repository", "acme/payments",
                    "groups", List.of("admins", "deployers")),
            Map.of("runner_environment", List.of(), "ref", "", "groups", "admins"));

    @FuzzTest
    void anyExpressionCompilesOrIsRefusedAndEvaluatesToABoolean(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String source = text.length() > MAX_EXPRESSION ? text.substring(0, MAX_EXPRESSION) : text;
        WhenExpression when;
        try {
            when = WhenExpression.compile(source);
        } catch (WhenExpression.InvalidExpression e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(when.source()).isEqualTo(source);
        assertThat(when.claimsRead()).isNotNull();
        for (Map<String, Object> claims : CLAIMS) {
            WhenExpression.Result result = when.evaluate(claims);
            if (result.error() != null) {
                assertThat(result.value()).as("%s failed (%s) yet was true", source, result.error()).isFalse();
            }
        }
    }
}
