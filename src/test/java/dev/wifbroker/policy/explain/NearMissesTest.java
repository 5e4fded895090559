package dev.wifbroker.policy.explain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import dev.wifbroker.policy.match.Matcher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NearMissesTest {

    @Test
    void a_case_only_miss_of_a_regex_is_hinted() {
        Matcher m = new Matcher.Regex("refs/heads/[a-z]+", Pattern.compile("refs/heads/[a-z]+"));
        assertThat(NearMisses.caseOnly(m, "refs/heads/MAIN")).isTrue();
    }

    /** Found by fuzzing: folding this class took RE2J over 10 minutes, inside an explain call. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void a_regex_with_a_wide_class_gets_no_case_hint_instead_of_stalling_explain() {
        String pattern = "refs/(heads|tags)/[a-z0-9._-\uFFFD]k";
        Matcher m = new Matcher.Regex(pattern, Pattern.compile(pattern));
        assertThat(NearMisses.caseOnly(m, "REFS/heads/xk")).isFalse();
    }
}
