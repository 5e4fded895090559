package dev.wifbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.reason.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One token, one spelling: for every length of a final part and every character in its last place, the parser
 * accepts exactly the canonical base64url encodings (those that decode and encode back to themselves).
 */
class CompactJwsCanonicalTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    private static final String SIGNED = URL.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + URL.encodeToString("{\"iss\":\"https://issuer.example\"}".getBytes(StandardCharsets.UTF_8)) + ".";

    @ParameterizedTest(name = "signature of {0} characters")
    @ValueSource(ints = {2, 3, 4, 6, 7, 8, 342, 343})
    void only_canonical_trailing_bits_are_accepted(int length) {
        String prefix = "Q".repeat(length - 1);
        int accepted = 0;
        for (char last : ALPHABET.toCharArray()) {
            String signature = prefix + last;
            boolean canonical = URL.encodeToString(Base64.getUrlDecoder().decode(signature)).equals(signature);
            Reason refused = null;
            try {
                CompactJws jws = CompactJws.parse(SIGNED + signature, 16 * 1024);
                assertThat(URL.encodeToString(jws.signature())).isEqualTo(signature);
            } catch (VerificationException e) {
                refused = e.reason();
            }
            assertThat(refused).as("'%s' (canonical: %s)", last, canonical).isEqualTo(canonical ? null : Reason.TOKEN_MALFORMED);
            accepted += canonical ? 1 : 0;
        }
        assertThat(accepted).as("characters with clear unused bits").isEqualTo(length % 4 == 2 ? 4 : length % 4 == 3 ? 16 : 64);
    }
}
