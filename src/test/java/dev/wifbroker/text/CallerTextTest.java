package dev.wifbroker.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Caller values are echoed bounded, and error texts hold to RFC 6749 §5.2's character set whatever they quote. */
class CallerTextTest {
    private static final Pattern RFC6749 = Pattern.compile("[\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*");

    static Stream<Arguments> hostileErrorTexts() {
        return Stream.of(
                Arguments.of("double quotes become single quotes", "role \"admin\" does not exist", "role 'admin' does not exist"),
                Arguments.of("backslashes become slashes", "role 'a\\b\\\\c'", "role 'a/b//c'"),
                Arguments.of("CRLF injection becomes spaces", "x\r\nSet-Cookie: a=b", "x  Set-Cookie: a=b"),
                Arguments.of("tab becomes a space", "a\tb", "a b"),
                Arguments.of("NUL and other controls become ?", "a\u0000b\u0001c\u001bd", "a?b?c?d"),
                Arguments.of("DEL becomes ?", "a\u007fb", "a?b"),
                Arguments.of("Latin-1 becomes ?", "r\u00f4le caf\u00e9", "r?le caf?"),
                Arguments.of("line and paragraph separators become ?", "a\u2028b\u2029c", "a?b?c"),
                Arguments.of("an emoji (surrogate pair) becomes one ?", "go \uD83D\uDE80 now", "go ? now"),
                Arguments.of("a lone surrogate becomes ?", "a\uD800b", "a?b"),
                Arguments.of("a JSON breakout stays inside the value", "x\",\"error\":\"ok", "x','error':'ok"),
                Arguments.of("printable ASCII passes unchanged", "scope [a, b] ~ {x} | 100% !#$&()*+,-./:;<=>?@^_`",
                        "scope [a, b] ~ {x} | 100% !#$&()*+,-./:;<=>?@^_`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileErrorTexts")
    void errorTextIsRfc6749Text(String name, String input, String expected) {
        String out = CallerText.errorText(input);
        assertThat(out).isEqualTo(expected);
        assertThat(RFC6749.matcher(out).matches()).isTrue();
    }

    @Test
    void errorTextIsBoundedWithAMarker() {
        String out = CallerText.errorText("role '" + "a".repeat(1_000_000) + "' does not exist");
        assertThat(out).hasSizeLessThan(CallerText.MAX_ERROR_TEXT + 32).endsWith("...[+" + (1_000_000 + 22 - 1024) + " chars]");
        assertThat(RFC6749.matcher(out).matches()).isTrue();
    }

    static Stream<Arguments> echoes() {
        return Stream.of(
                Arguments.of("short value unchanged", "deploy", "deploy"),
                Arguments.of("exactly 256 characters unchanged", "a".repeat(256), "a".repeat(256)),
                Arguments.of("257 characters cut with a marker", "a".repeat(257), "a".repeat(256) + "...[+1 chars]"),
                Arguments.of("5 MB cut to 256 characters", "b".repeat(5_000_000), "b".repeat(256) + "...[+4999744 chars]"),
                Arguments.of("a surrogate pair is never split", "a".repeat(255) + "\uD83D\uDE80xyz",
                        "a".repeat(255) + "...[+5 chars]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("echoes")
    void echoedValueIsBounded(String name, String input, String expected) {
        assertThat(CallerText.bounded(input)).isEqualTo(expected);
    }

    @Test
    void quotedValueIsBoundedInsideItsQuotes() {
        assertThat(CallerText.quoted("c".repeat(300))).isEqualTo("'" + "c".repeat(256) + "...[+44 chars]'");
        assertThat(CallerText.bounded(null)).isNull();
        assertThat(CallerText.errorText(null)).isNull();
    }
}
