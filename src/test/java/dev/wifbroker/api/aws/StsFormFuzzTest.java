package dev.wifbroker.api.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wifbroker.api.FormBody;
import dev.wifbroker.api.FormDecoder;
import dev.wifbroker.api.RequestRejected;
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
        FormBody form;
        try {
            form = FormDecoder.decode(input, StandardCharsets.UTF_8);
        } catch (RequestRejected e) {
            return; // the facade's 400 in STS XML, refused before parsing
        }
        StsFacadeResource.Parsed parsed;
        try {
            parsed = StsFacadeResource.parse(form);
        } catch (StsFacadeResource.Invalid e) {
            assertThat(e.code).isIn("ValidationError", "InvalidAction");
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(form.params().values()).allSatisfy(values -> assertThat(values).hasSize(1));
        assertThat(form.first("Action")).isEqualTo(StsFacadeResource.ACTION);
        assertThat(form.names()).noneMatch(k -> k.equals("Policy") || k.startsWith("PolicyArns") || k.equals("ProviderId"));
        assertThat(parsed.roleArn()).hasSizeBetween(20, 2048).isEqualTo(form.first("RoleArn"));
        assertThat(parsed.token()).hasSizeBetween(4, 20_000).isEqualTo(form.first("WebIdentityToken"));
        assertThat(form.first("RoleSessionName")).matches("[\\w+=,.@-]{2,64}");
        parsed.duration().ifPresent(d -> assertThat(d).isBetween(Duration.ofSeconds(900), Duration.ofSeconds(43_200)));
    }
}
