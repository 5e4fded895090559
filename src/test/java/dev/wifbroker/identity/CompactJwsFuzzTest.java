package dev.wifbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wifbroker.reason.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Any string handed to {@link CompactJws#parse} is either refused as {@code token_malformed} or yields a
 * JWS whose parts are exactly the token's canonical base64url parts. Inputs: {@code CompactJwsFuzzTestInputs/}.
 */
class CompactJwsFuzzTest {
    private static final int MAX_BYTES = 16 * 1024;

    @FuzzTest
    void anyTextIsRefusedAsMalformedOrParsedExactly(byte[] input) {
        // Latin-1 maps every byte to one char, so the fuzzer reaches every char below 256 and lengths are exact.
        String token = new String(input, StandardCharsets.ISO_8859_1);
        CompactJws jws;
        try {
            jws = CompactJws.parse(token, MAX_BYTES);
        } catch (VerificationException e) {
            assertThat(e.reason()).isEqualTo(Reason.TOKEN_MALFORMED);
            assertThat(e.getMessage()).isNotBlank().doesNotContain(token.length() >= 24 ? token : "\u0000never");
            return;
        }
        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        assertThat(jws.signingInput()).isEqualTo((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(b64.encodeToString(jws.signature())).isEqualTo(parts[2]);
        assertThat(jws.signature()).isNotEmpty();
        assertThat(jws.algorithm()).isNotNull();
        assertThat(jws.header()).doesNotContainKeys("crit", "b64", "enc");
    }
}
