package dev.wifbroker.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The string fast path must agree with the RE2J translation on every glob and value. */
class GlobPatternTest {
    static final List<String> VALUES = List.of("", "a", "/", "ab", "a/b", "acme/app", "acme/app/x", "acme/", "refs/tags/v1",
            "refs/tags/v1.2.0", "refs/tags/v1/evil", "refs/tags/v", "x-prod", "-prod", "a/x-prod", "acme/deploy.yml@refs/tags/v3",
            "acme/deploy.yml@refs/heads/main", "v1", "v12", "v/");

    @ParameterizedTest(name = "glob {0} agrees with its regex")
    @ValueSource(strings = {"acme/*", "acme/**", "refs/tags/v*", "*-prod", "**-prod", "v?", "a*b", "a", "*", "**", "?",
        "acme/*/x", "acme/deploy.yml@refs/tags/v*", "refs/*/v*", "a**b"})
    void fast_path_agrees_with_re2j(String glob) {
        GlobPattern fast = GlobPattern.compile(glob);
        Pattern slow = Pattern.compile(Globs.toRegex(glob));
        for (String v : VALUES) {
            assertThat(fast.matches(v)).as("%s vs '%s'", glob, v).isEqualTo(slow.matches(v));
        }
    }
}
