package dev.wifbroker.api.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wifbroker.exchange.ExchangeRequest;
import dev.wifbroker.api.FormBody;
import dev.wifbroker.api.FormDecoder;
import dev.wifbroker.api.RequestRejected;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Any {@code POST /v1/token} form is either refused before the exchange with a {@link TokenResource.BadRequest}
 * (a 400 naming the problem) or becomes an {@link ExchangeRequest} that respects every documented bound. Any other
 * exception would be a 500. Input: the form body, then optionally a newline and an {@code x-goog-api-client} value.
 * Inputs: {@code TokenFormFuzzTestInputs/}.
 */
class TokenFormFuzzTest {
    private static final Set<String> TARGETS = Set.of("internal", "aws", "gcp", "azure");

    @FuzzTest
    void anyFormIsRefusedWithAReasonOrParsedWithinBounds(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String body = nl < 0 ? text : text.substring(0, nl);
        String googleHeader = nl < 0 ? null : text.substring(nl + 1);
        FormBody form;
        try {
            form = FormDecoder.decode(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (RequestRejected e) {
            return; // the endpoint's 400 (or 413/415), refused before parsing
        }
        ExchangeRequest request;
        try {
            request = GoogleExternalAccount.selectTarget(TokenResource.parse(form, "127.0.0.1"), googleHeader);
        } catch (TokenResource.BadRequest e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.reason).isNotNull();
            assertThat(e.error).isIn("invalid_request", "unsupported_grant_type");
            return;
        }
        assertThat(form.params().values()).allSatisfy(values -> assertThat(values).hasSize(1));
        assertThat(form.first("grant_type")).isEqualTo(TokenResource.GRANT_TYPE);
        assertThat(form.first("subject_token_type")).isIn(TokenResource.JWT, TokenResource.ID_TOKEN);
        assertThat(request.subjectToken()).isNotBlank().isEqualTo(form.first("subject_token"));
        assertThat(request.role()).isNotBlank().isEqualTo(form.first("audience"));
        assertThat(form.names()).doesNotContain("actor_token", "actor_token_type");
        request.scopes().ifPresent(scopes -> assertThat(scopes).isNotEmpty()
                .allSatisfy(s -> assertThat(s).isNotEmpty().doesNotContain(" ")));
        request.lifetime().ifPresent(d -> assertThat(d).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(86_400)));
        request.target().ifPresent(t -> assertThat(t).isIn(TARGETS));
        if (form.first("target") != null) {
            assertThat(request.target()).contains(form.first("target"));
        }
        assertThat(List.of(request.clientAddress())).containsExactly("127.0.0.1");
    }
}
