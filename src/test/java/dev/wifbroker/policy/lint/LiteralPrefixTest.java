package dev.wifbroker.policy.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The literal prefix of an RE2 pattern is never longer than what every match really starts with. */
class LiteralPrefixTest {

    static Stream<Arguments> regexes() {
        return Stream.of(
                Arguments.of("plain literal is whole", "acme/payments", "acme/payments", true),
                Arguments.of("anchors are not text", "^acme/payments$", "acme/payments", true),
                Arguments.of("escaped punctuation is literal", "acme\\.io/x\\$", "acme.io/x$", true),
                Arguments.of("a class stops the prefix", "acme/[a-z]+", "acme/", false),
                Arguments.of("a quantifier takes back the character it repeats", "acme/?x", "acme", false),
                Arguments.of("a counted repetition takes back its character", "acme/x{2}", "acme/", false),
                Arguments.of("an escape class stops the prefix", "acme\\w+/x", "acme", false),
                Arguments.of("a group stops the prefix", "acme/(a|b)", "acme/", false),
                Arguments.of("top-level alternation leaves nothing", "acme/a|evil/b", "", false),
                Arguments.of("alternation inside a class is not alternation", "acme/[|]x", "acme/", false),
                Arguments.of("quoting leaves nothing", "\\Qacme/\\E.*", "", false),
                Arguments.of("a flag group leaves nothing", "(?i)acme/x", "", false),
                Arguments.of("a dot stops the prefix", "acme.*", "acme", false));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("regexes")
    void the_prefix_is_what_every_match_starts_with(String name, String regex, String prefix, boolean whole) {
        LiteralPrefix p = LiteralPrefix.regex(regex);
        assertThat(p.text()).isEqualTo(prefix);
        assertThat(p.whole()).isEqualTo(whole);
        if (whole) {
            assertThat(Pattern.compile(regex).matches(prefix)).as("a whole literal matches exactly its text").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regexes")
    void a_value_not_starting_with_the_prefix_never_matches(String name, String regex, String prefix, boolean whole) {
        if (prefix.isEmpty()) {
            return;
        }
        Pattern compiled = Pattern.compile(regex);
        for (String other : new String[] {"evil/payments", "ACME/x", "acmex", prefix.substring(0, prefix.length() - 1) + "#"}) {
            if (!other.startsWith(prefix)) {
                assertThat(compiled.matches(other)).as(other).isFalse();
            }
        }
    }
}
