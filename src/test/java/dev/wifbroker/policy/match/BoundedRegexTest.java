package dev.wifbroker.policy.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BoundedRegexTest {

    static Stream<Arguments> tooLarge() {
        return Stream.of(
                Arguments.of("nested counted repetition (10^8 instructions)", "((((x{100}){100}){100}){100})",
                        "regex would compile to 102,020,204 instructions"),
                Arguments.of("two nested maximal counts (10^6)", "(x{1000}){1000}", "regex would compile to 1,002,002"),
                Arguments.of("repeated alternation inside a repeat", "((a|b|c|d){100}){100}", "instructions"),
                Arguments.of("open-ended repeat of a large repeat", "(x{1000}){20,}", "instructions"),
                Arguments.of("longer than the length limit", "a".repeat(BoundedRegex.MAX_LENGTH + 1),
                        "regex is 1025 characters long; the limit is 1024"),
                Arguments.of("nested deeper than the nesting limit", "(".repeat(101) + "a" + ")".repeat(101),
                        "nests deeper than 100 levels"),
                // Found by MatcherFuzzTest: RE2J folds a wide class character by character (minutes for this one).
                Arguments.of("case folding over a wide class range", "(?i)[_-\uFFFD]", "case-insensitive regex"),
                Arguments.of("case folding over a Unicode class", "(?si:\\p{L}+)", "case-insensitive regex"),
                Arguments.of("case folding with a code point escape", "(?i)[a-\\x{FFFD}]", "case-insensitive regex"));
    }

    @Test
    void case_insensitive_ascii_patterns_still_compile() throws Exception {
        assertThat(BoundedRegex.compile("(?i)refs/heads/[a-z0-9._-]+").matcher("REFS/heads/Main").matches()).isTrue();
        assertThat(BoundedRegex.foldSafe("refs/[a-z0-9._-\uFFFD]k")).isFalse();
    }

    @ParameterizedTest(name = "{0} -> refused before compiling")
    @MethodSource("tooLarge")
    void oversized_patterns_are_refused_quickly_with_the_size_and_the_limit(String name, String pattern, String message) {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> BoundedRegex.compile(pattern))
                .isInstanceOf(BoundedRegex.TooLarge.class).hasMessageContaining(message).hasMessageContaining("limit"));
    }

    /** Realistic policy regexes and RE2 constructs: the estimate must never be below what RE2J really compiles. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a", "abc|abd|abe", "(a|bc)+", "[0-9a-f]{40}", "x{2,5}", "(ab){3,}", "x{0,1000}", "a{1000}",
            "refs/heads/(main|release/v[0-9]+)", "(?i)Hello", "(a*)*", "((a{10}){10}){10}", "(x{0,30}|y{1,30}){0,30}",
            "\\Qacme/deploy.yml\\E@refs/tags/v[^/]*", "^$", "\\bfoo\\b", "(?:a|b)?c??d*?", "[a-z0-9-]{1,100}",
            "(\\p{L}|\\d){1,50}", "(?s).", "(a+|b+)*c", "repo:acme/[a-z-]+:environment:(prod|staging)"})
    void the_size_estimate_is_an_upper_bound_of_the_compiled_program(String pattern) throws Exception {
        assertThat(BoundedRegex.estimate(pattern)).isGreaterThanOrEqualTo(Pattern.compile(pattern).programSize());
        assertThat(BoundedRegex.compile(pattern).matches("")).isEqualTo(Pattern.compile(pattern).matches(""));
    }

    @Test
    void patterns_at_the_limits_still_compile() throws Exception {
        assertThat(BoundedRegex.compile("[a-z]{1,1000}").matches("abc")).isTrue();
        assertThat(BoundedRegex.compile("(x{0,30}|y{1,30}){0,30}").programSize()).isLessThanOrEqualTo(BoundedRegex.MAX_PROGRAM_SIZE);
        assertThat(BoundedRegex.compile("a".repeat(BoundedRegex.MAX_LENGTH)).matches("a".repeat(1024))).isTrue();
    }

    @Test
    void invalid_syntax_is_still_a_syntax_error() {
        assertThatThrownBy(() -> BoundedRegex.compile("(unclosed")).isInstanceOf(PatternSyntaxException.class)
                .hasMessageContaining("missing closing )");
        assertThatThrownBy(() -> BoundedRegex.compile("x{1001}")).isInstanceOf(PatternSyntaxException.class);
    }

    @Test
    void a_glob_longer_than_the_limit_is_refused_and_long_globs_stay_small_programs() {
        assertThatThrownBy(() -> Globs.compile("a*".repeat(600))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("glob is 1200 characters long; the limit is 1024");
        GlobPattern wide = Globs.compile("*?**".repeat(16));
        assertThat(wide.matches("x".repeat(2000))).isTrue();
    }

    static Stream<Arguments> slowMatches() {
        return Stream.of(
                Arguments.of("a thousand nested stars (2,002 instructions, 0.8 s per 16 KB value)", "(?:x*){1000}",
                        "regex may take 49,155,000 steps to match a 16,384-character value"),
                Arguments.of("a hundred captured stars", "(x*){100}", "8,192,500 steps"),
                Arguments.of("a hundred wildcards in glob style", "[^/]*a".repeat(100), "steps to match"),
                Arguments.of("fifty nested any-character loops", "(.*){50}", "the limit is 4,000,000"),
                Arguments.of("a large counted part after a loop", ".*[a-z]{1,1000}", "steps to match"),
                Arguments.of("counted parts reaching 4,000 characters deep", "[a-z]{1,1000}(-[a-z]{1,1000}){3}", "14,036,017 steps"));
    }

    @ParameterizedTest(name = "{0} -> refused before compiling")
    @MethodSource("slowMatches")
    void patterns_whose_match_could_take_long_are_refused_although_their_program_is_small(String name, String pattern,
            String message) throws Exception {
        assertThat(BoundedRegex.estimate(pattern)).isLessThanOrEqualTo(BoundedRegex.MAX_PROGRAM_SIZE);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThatThrownBy(() -> BoundedRegex.compile(pattern))
                .isInstanceOf(BoundedRegex.TooLarge.class).hasMessageContaining(message));
    }

    @Test
    void a_glob_with_hundreds_of_wildcards_is_refused_for_its_match_time() {
        assertThatThrownBy(() -> Globs.compile("*?**".repeat(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("steps to match a 16,384-character value");
        assertThatThrownBy(() -> Globs.compile("*a".repeat(512))).hasMessageContaining("steps to match");
        // Globs with characters outside the BMP take the regex path: the same bound, not a way around it.
        assertThatThrownBy(() -> Globs.compile("*a".repeat(511) + "\uD83D\uDE00")).hasMessageContaining("steps to match");
    }

    /** Patterns just inside the step limit, against values that keep every thread alive: fast, whatever the value. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"(x*){10}", ".*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a.*a", "(x{0,30}|y{1,30}){0,30}",
        "[a-z]{1,1000}", "(?:x?){1000}", "x{1000,}"})
    void patterns_within_the_step_limit_match_a_full_size_value_quickly(String pattern) throws Exception {
        Pattern compiled = BoundedRegex.compile(pattern);
        assertThat(BoundedRegex.matchSteps(pattern)).isLessThanOrEqualTo(BoundedRegex.MAX_MATCH_STEPS);
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String value : new String[] {"x".repeat(BoundedRegex.MAX_INPUT), "a".repeat(BoundedRegex.MAX_INPUT), "xy".repeat(8192)}) {
                compiled.matches(value);
            }
        });
    }
}
