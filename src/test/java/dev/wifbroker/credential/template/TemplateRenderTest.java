package dev.wifbroker.credential.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wifbroker.credential.aws.AwsLimits;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A template renders in time and memory bounded by its target's length limit, whatever the policy and the token. */
class TemplateRenderTest {

    /** Every charset a target kind renders templates to. */
    static Stream<TemplateCharset> charsets() {
        return Stream.of(AwsLimits.SESSION_NAME_CHARSET, AwsLimits.TAG_VALUE_CHARSET, TemplateCharset.TEXT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charsets")
    void ninety_thousand_placeholders_of_a_token_sized_claim_render_only_what_the_target_keeps(TemplateCharset charset) {
        Template t = Template.parse("{workflow}".repeat(90_000), charset);
        String claim = "w".repeat(12_000);
        String rendered = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> t.render(Map.of("workflow", claim)).orElseThrow());
        assertThat(rendered).isEqualTo("w".repeat(charset.maxLength()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charsets")
    void truncation_keeps_whole_characters_outside_the_basic_plane(TemplateCharset charset) {
        String clef = new String(Character.toChars(0x1D11E));
        Template t = Template.parse("a{x}", charset);
        String rendered = t.render(Map.of("x", clef.repeat(1_000))).orElseThrow();
        assertThat(rendered.codePointCount(0, rendered.length())).isEqualTo(charset.maxLength());
        assertThat(rendered).isEqualTo(charset.sanitize("a" + clef.repeat(1_000)));
    }

    @org.junit.jupiter.api.Test
    void every_character_is_kept_or_replaced_as_its_pattern_says_ascii_and_beyond() {
        TemplateCharset lettersAndEAcute = new TemplateCharset("T", "[a-cé]", 20);
        assertThat(lettersAndEAcute.sanitize("abcdz-é\u00e8\u0000A")).isEqualTo("abc---é---");
        StringBuilder ascii = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            ascii.append(c);
            expected.append(String.valueOf(c).matches("[^\\p{Cc}]") ? c : '-');
        }
        TemplateCharset wide = new TemplateCharset("W", "[^\\p{Cc}]", 256);
        assertThat(wide.sanitize(ascii.toString())).isEqualTo(expected.toString());
    }
}
