package dev.wifbroker.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The string fast path must agree with the RE2J translation on every glob and value. */
class GlobPatternTest {
    static final List<String> VALUES = List.of("", "a", "/", "ab", "a/b", "acme/app", "acme/app/x", "acme/", "refs/tags/v1",
            "refs/tags/v1.2.0", "refs/tags/v1/evil", "refs/tags/v", "x-prod", "-prod", "a/x-prod", "acme/deploy.yml@refs/tags/v3",
            "acme/deploy.yml@refs/heads/main", "v1", "v12", "v/", "v\uD83D\uDE00", "v\uD83D\uDE00\uD83D\uDE00", "v\uD83D",
            "v\uDE00x", "\uD83D\uDE00-prod", "acme/\uD83D\uDE00", "a\nb", "acme/x\ny/z", "\n-prod");

    @ParameterizedTest(name = "glob {0} agrees with its regex")
    @ValueSource(strings = {"acme/*", "acme/**", "refs/tags/v*", "*-prod", "**-prod", "v?", "a*b", "a", "*", "**", "?",
        "acme/*/x", "acme/deploy.yml@refs/tags/v*", "refs/*/v*", "a**b", "v\uD83D?", "v?\uDE00x", "\uD83D\uDE00-*"})
    void fast_path_agrees_with_re2j(String glob) {
        GlobPattern fast = GlobPattern.compile(glob);
        Pattern slow = Pattern.compile(Globs.toRegex(glob));
        for (String v : VALUES) {
            assertThat(fast.matches(v)).as("%s vs '%s'", glob, v).isEqualTo(slow.matches(v));
        }
    }

    /** Found while writing MatcherFuzzTest's oracle: the one-wildcard fast path counted UTF-16 units, RE2J code points. */
    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "v? | v\uD83D\uDE00 | true",
        "v? | v\uD83D\uDE00\uD83D\uDE00 | false",
        "? | \uD83D\uDE00 | true",
        "v?x | v\uD83D\uDE00x | true",
        "v? | vab | false",
        "v? | v/ | false"})
    void question_mark_matches_one_character_even_outside_the_basic_plane(String glob, String value, boolean matches) {
        assertThat(GlobPattern.compile(glob).matches(value)).isEqualTo(matches);
        assertThat(Pattern.compile(Globs.toRegex(glob)).matches(value)).isEqualTo(matches);
    }

    /** Found by MatcherFuzzTest: {@code **} translated to {@code .*}, which stops at a line break, unlike the fast path. */
    @ParameterizedTest(name = "{0} matches across a line break")
    @ValueSource(strings = {"a**b", "**", "a/**/b*", "**-prod?"})
    void double_star_crosses_line_breaks_on_both_paths(String glob) {
        String value = glob.replace("**", "x\n/y").replace("*", "z").replace("?", "q");
        assertThat(GlobPattern.compile(glob).matches(value)).isTrue();
        assertThat(Pattern.compile(Globs.toRegex(glob)).matches(value)).isTrue();
    }
}
