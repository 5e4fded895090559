package dev.wifbroker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strict form decoder: what it accepts and decodes, and every malformed body it refuses with a 400. */
class FormDecoderTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("plain pairs", "a=1&b=2", StandardCharsets.UTF_8, Map.of("a", List.of("1"), "b", List.of("2"))),
                Arguments.of("plus is a space", "scope=a+b", StandardCharsets.UTF_8, Map.of("scope", List.of("a b"))),
                Arguments.of("percent escapes, both cases", "r=arn%3Aaws%3a", StandardCharsets.UTF_8, Map.of("r", List.of("arn:aws:"))),
                Arguments.of("UTF-8 multi-byte", "n=%C3%A9%E2%82%AC", StandardCharsets.UTF_8, Map.of("n", List.of("\u00e9\u20ac"))),
                Arguments.of("ISO-8859-1 when declared", "n=%E9", StandardCharsets.ISO_8859_1, Map.of("n", List.of("\u00e9"))),
                Arguments.of("name without '=' has an empty value", "flag&a=1", StandardCharsets.UTF_8,
                        Map.of("flag", List.of(""), "a", List.of("1"))),
                Arguments.of("empty pairs are skipped", "&&a=1&&", StandardCharsets.UTF_8, Map.of("a", List.of("1"))),
                Arguments.of("a value may hold '='", "t=a=b", StandardCharsets.UTF_8, Map.of("t", List.of("a=b"))),
                Arguments.of("repeats are kept for the endpoint to judge", "a=1&a=2", StandardCharsets.UTF_8,
                        Map.of("a", List.of("1", "2"))),
                Arguments.of("empty body", "", StandardCharsets.UTF_8, Map.of()),
                Arguments.of("64 parameters", many(64), StandardCharsets.UTF_8, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormed")
    void decodesWellFormedBodies(String name, String body, Charset charset, Map<String, List<String>> expected) {
        FormBody form = FormDecoder.decode(body.getBytes(StandardCharsets.ISO_8859_1), charset);
        if (expected != null) {
            assertThat(form.params()).isEqualTo(expected);
        } else {
            assertThat(form.names()).hasSize(FormDecoder.MAX_PARAMETERS);
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("lone percent", "a=%".getBytes(StandardCharsets.US_ASCII), "is not followed by two hex digits"),
                Arguments.of("one hex digit", "a=%4".getBytes(StandardCharsets.US_ASCII), "is not followed by two hex digits"),
                Arguments.of("non-hex escape", "grant_type=%zz".getBytes(StandardCharsets.US_ASCII), "'%' at byte 11"),
                Arguments.of("escape cut by '&'", "a=%4&b=1".getBytes(StandardCharsets.US_ASCII), "is not followed by two hex digits"),
                Arguments.of("empty name and value", "=".getBytes(StandardCharsets.US_ASCII), "parameter 1 has no name"),
                Arguments.of("empty name after an empty pair", "&=".getBytes(StandardCharsets.US_ASCII), "parameter 1 has no name"),
                Arguments.of("empty name with a value", "a=1&=x".getBytes(StandardCharsets.US_ASCII), "parameter 2 has no name"),
                Arguments.of("invalid UTF-8, raw", new byte[] {'a', '=', (byte) 0xff}, "not valid UTF-8"),
                Arguments.of("invalid UTF-8, escaped", "a=%ff".getBytes(StandardCharsets.US_ASCII), "not valid UTF-8"),
                Arguments.of("overlong UTF-8", "a=%c0%af".getBytes(StandardCharsets.US_ASCII), "not valid UTF-8"),
                Arguments.of("encoded surrogate", "a=%ed%a0%80".getBytes(StandardCharsets.US_ASCII), "not valid UTF-8"),
                Arguments.of("truncated sequence", "a=%e2%82".getBytes(StandardCharsets.US_ASCII), "not valid UTF-8"),
                Arguments.of("65 parameters", many(65).getBytes(StandardCharsets.US_ASCII), "more than 64 parameters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusesMalformedBodiesWith400(String name, byte[] body, String message) {
        assertThatThrownBy(() -> FormDecoder.decode(body, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(RequestRejected.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(message);
    }

    private static String many(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "&").append("p").append(i).append("=v");
        }
        return b.toString();
    }
}
