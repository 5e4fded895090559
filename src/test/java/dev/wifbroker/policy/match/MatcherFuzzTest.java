package dev.wifbroker.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.re2j.Pattern;
import dev.wifbroker.yaml.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Matchers under fuzzing. Any claim value node compiles to a matcher or is refused with a problem, and a compiled
 * matcher answers for any value; globs agree with their regex translation and never let a wildcard cross
 * {@code /} unless written {@code **}. Pattern and value lengths are bounded (100 characters): the cost of huge
 * patterns is the load bounds' concern, not this one's. Inputs: {@code MatcherFuzzTestInputs/}.
 */
class MatcherFuzzTest {
    private static final int MAX_TEXT = 100;
    private static final List<String> KEYS = List.of("oneOf", "glob", "regex", "not", "present", "absent");

    @FuzzTest
    void globFastPathAgreesWithItsRegexAndNeverCrossesSlash(FuzzedDataProvider data) {
        String glob = data.consumeString(MAX_TEXT);
        GlobPattern compiled = Globs.compile(glob);
        Pattern reference = Pattern.compile(Globs.toRegex(glob));
        List<String> values = List.of(data.consumeString(MAX_TEXT), instance(glob, data), glob);
        for (String value : values) {
            boolean matches = compiled.matches(value);
            assertThat(matches).as("glob %s on %s: fast path vs regex", glob, value).isEqualTo(reference.matcher(value).matches());
            if (matches && !glob.contains("**")) {
                assertThat(slashes(value)).as("glob %s matched %s across /", glob, value).isEqualTo(slashes(glob));
            }
            if (!Globs.hasWildcard(glob)) {
                assertThat(matches).as("literal glob %s on %s", glob, value).isEqualTo(glob.equals(value));
            }
        }
    }

    @FuzzTest
    void anyClaimValueCompilesOrIsRefusedAndAnswersForAnyValue(FuzzedDataProvider data) {
        Node value = node(data, 3);
        Problems problems = new Problems("roles/fuzz.yaml");
        Optional<Matcher> matcher = MatcherParser.parse("claim", value, problems);
        assertThat(matcher.isPresent()).as("matcher vs problems %s", problems.all()).isEqualTo(!problems.hasErrors());
        if (matcher.isEmpty()) {
            return;
        }
        Matcher m = matcher.get();
        assertThat(m.describe()).isNotNull();
        assertThat(m.matches(null)).as("%s on a missing claim", m).isEqualTo(m instanceof Matcher.Absent);
        for (int i = 0; i < 3; i++) {
            String s = data.consumeString(MAX_TEXT);
            assertThat(m.matches(List.of(s))).as("%s on [%s] vs %s", m, s, s).isEqualTo(m.matches(s));
            m.matches(List.of(s, data.consumeString(MAX_TEXT)));
        }
    }

    /** A value the glob is likely to match: each wildcard replaced by fuzzed text (which may contain '/'). */
    private static String instance(String glob, FuzzedDataProvider data) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                out.append(data.consumeString(8));
            } else if (c == '?') {
                out.append(data.consumeChar());
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static long slashes(String s) {
        return s.chars().filter(c -> c == '/').count();
    }

    private static Node node(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 0 ? 4 : 1);
        return switch (kind) {
            case 0 -> scalar(data.consumeString(MAX_TEXT));
            case 1 -> new ScalarNode(Tag.NULL, "null", null, null, DumperOptions.ScalarStyle.PLAIN);
            case 2 -> {
                List<Node> items = new ArrayList<>();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    items.add(node(data, depth - 1));
                }
                yield new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.FLOW);
            }
            default -> {
                List<NodeTuple> entries = new ArrayList<>();
                int n = data.consumeInt(0, 2);
                for (int i = 0; i < n; i++) {
                    Node key = data.consumeBoolean() ? scalar(data.pickValue(KEYS)) : node(data, 0);
                    entries.add(new NodeTuple(key, node(data, depth - 1)));
                }
                yield new MappingNode(Tag.MAP, entries, DumperOptions.FlowStyle.FLOW);
            }
        };
    }

    private static ScalarNode scalar(String text) {
        return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN);
    }
}
