package dev.wifbroker.api.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wifbroker.testing.FormBodies;
import jakarta.ws.rs.core.MultivaluedMap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Any STS Query form is either refused as STS would refuse it (a {@link StsFacadeResource.Invalid} with an STS
 * error code, rendered as a 400) or yields a request within STS's documented bounds. Any other exception would be
 * a 500. Inputs: {@code StsFormFuzzTestInputs/} (form bodies as the AWS SDKs send them).
 */
class StsFormFuzzTest {

    @FuzzTest
    void anyQueryFormIsRefusedWithAnStsCodeOrParsedWithinBounds(byte[] input) {
        MultivaluedMap<String, String> form = FormBodies.decode(new String(input, StandardCharsets.UTF_8));
        StsFacadeResource.Parsed parsed;
        try {
            parsed = StsFacadeResource.parse(form);
        } catch (StsFacadeResource.Invalid e) {
            assertThat(e.code).isIn("ValidationError", "InvalidAction");
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(form.values()).allSatisfy(values -> assertThat(values).hasSize(1));
        assertThat(form.getFirst("Action")).isEqualTo(StsFacadeResource.ACTION);
        assertThat(form.keySet()).noneMatch(k -> k.equals("Policy") || k.startsWith("PolicyArns") || k.equals("ProviderId"));
        assertThat(parsed.roleArn()).hasSizeBetween(20, 2048).isEqualTo(form.getFirst("RoleArn"));
        assertThat(parsed.token()).hasSizeBetween(4, 20_000).isEqualTo(form.getFirst("WebIdentityToken"));
        assertThat(form.getFirst("RoleSessionName")).matches("[\\w+=,.@-]{2,64}");
        parsed.duration().ifPresent(d -> assertThat(d).isBetween(Duration.ofSeconds(900), Duration.ofSeconds(43_200)));
    }
}
