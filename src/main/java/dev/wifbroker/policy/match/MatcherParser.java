package dev.wifbroker.policy.match;

import com.google.re2j.PatternSyntaxException;
import dev.wifbroker.yaml.Problems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Binds the value of one {@code claims:} entry to a {@link Matcher}: a scalar is an exact match, a
 * mapping names exactly one matcher kind. Syntax errors (bad regex, empty oneOf) are reported here;
 * judgement calls (over-broad patterns) belong to the linter.
 */
public final class MatcherParser {
    /** The matcher kinds a mapping may name, in the order documented. */
    public static final List<String> KINDS = List.of("oneOf", "glob", "regex", "not", "present", "absent");

    private MatcherParser() {}

    public static Optional<Matcher> parse(String claim, Node value, Problems problems) {
        return parse(claim, value, problems, new CompileBudget());
    }

    /** As {@link #parse(String, Node, Problems)}, counting compiled patterns against the load's {@code budget}. */
    public static Optional<Matcher> parse(String claim, Node value, Problems problems, CompileBudget budget) {
        return parse(claim, value, problems, budget, false);
    }

    private static Optional<Matcher> parse(String claim, Node value, Problems problems, CompileBudget budget, boolean insideNot) {
        if (value instanceof ScalarNode scalar) {
            if (Tag.NULL.equals(scalar.getTag())) {
                problems.error(value, "claim '" + claim + "' has no value; write a value, {present: true} or {absent: true}");
                return Optional.empty();
            }
            return Optional.of(new Matcher.Exact(scalar.getValue()));
        }
        if (value instanceof SequenceNode) {
            problems.error(value, "claim '" + claim + "': a list is ambiguous; write {oneOf: [...]} to accept any of several values");
            return Optional.empty();
        }
        MappingNode mapping = (MappingNode) value;
        if (mapping.getValue().size() != 1) {
            problems.error(value, "claim '" + claim + "' needs exactly one matcher (" + String.join(", ", KINDS) + ")");
            return Optional.empty();
        }
        NodeTuple entry = mapping.getValue().get(0);
        String kind = entry.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
        Node arg = entry.getValueNode();
        return switch (kind) {
            case "oneOf" -> oneOf(claim, arg, problems);
            case "glob" -> text(claim, kind, arg, problems).flatMap(g -> glob(claim, g, arg, problems, budget));
            case "regex" -> text(claim, kind, arg, problems).flatMap(r -> regex(claim, r, arg, problems, budget));
            case "not" -> not(claim, arg, problems, budget, insideNot);
            case "present", "absent" -> flag(claim, kind, arg, problems, insideNot);
            default -> {
                problems.error(entry.getKeyNode(), "claim '" + claim + "': unknown matcher '" + kind + "' (one of: "
                        + String.join(", ", KINDS) + ")");
                yield Optional.empty();
            }
        };
    }

    private static Optional<Matcher> oneOf(String claim, Node arg, Problems problems) {
        if (!(arg instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problems.error(arg, "claim '" + claim + "': oneOf needs a non-empty list of values");
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        Set<String> seen = new HashSet<>();  // a list's contains() made a 140,000-value oneOf take 80 s to load
        boolean valid = true;
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
                if (!seen.add(s.getValue())) {
                    problems.error(item, "claim '" + claim + "': oneOf lists '" + s.getValue() + "' twice");
                    valid = false;
                }
                values.add(s.getValue());
            } else {
                problems.error(item, "claim '" + claim + "': oneOf values must be single values");
                valid = false;
            }
        }
        return !valid || values.isEmpty() ? Optional.empty() : Optional.of(new Matcher.OneOf(values));
    }

    private static Optional<String> text(String claim, String kind, Node arg, Problems problems) {
        if (arg instanceof ScalarNode s && Tag.STR.equals(s.getTag()) && !s.getValue().isEmpty()) {
            return Optional.of(s.getValue());
        }
        problems.error(arg, "claim '" + claim + "': " + kind + " needs a non-empty pattern"
                + (arg instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) && !Tag.STR.equals(s.getTag())
                        ? " written as text (quote it: \"" + s.getValue() + "\")" : ""));
        return Optional.empty();
    }

    private static Optional<Matcher> regex(String claim, String pattern, Node at, Problems problems, CompileBudget budget) {
        try {
            budget.take(BoundedRegex.check(pattern));
            return Optional.of(new Matcher.Regex(pattern, BoundedRegex.compileChecked(pattern, 0)));
        } catch (PatternSyntaxException e) {
            problems.error(at, "claim '" + claim + "': invalid regex: " + e.getDescription());
        } catch (BoundedRegex.TooLarge e) {
            problems.error(at, "claim '" + claim + "': " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<Matcher> glob(String claim, String glob, Node at, Problems problems, CompileBudget budget) {
        try {
            GlobPattern compiled = Globs.compile(glob);
            budget.take(compiled.programSize());
            return Optional.of(new Matcher.Glob(glob, compiled));
        } catch (IllegalArgumentException | BoundedRegex.TooLarge e) {
            problems.error(at, "claim '" + claim + "': " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<Matcher> not(String claim, Node arg, Problems problems, CompileBudget budget, boolean insideNot) {
        if (insideNot) {
            problems.error(arg, "claim '" + claim + "': not inside not; write the inner matcher directly");
            return Optional.empty();
        }
        return parse(claim, arg, problems, budget, true).flatMap(inner -> {
            if (inner instanceof Matcher.Present || inner instanceof Matcher.Absent) {
                return Optional.empty();
            }
            return Optional.of(new Matcher.Not(inner));
        });
    }

    private static Optional<Matcher> flag(String claim, String kind, Node arg, Problems problems, boolean insideNot) {
        if (insideNot) {
            problems.error(arg, "claim '" + claim + "': write " + ("present".equals(kind) ? "absent" : "present")
                    + ": true instead of not: {" + kind + ": true}");
            return Optional.empty();
        }
        if (!(arg instanceof ScalarNode s) || !Tag.BOOL.equals(s.getTag()) || !"true".equals(s.getValue())) {
            problems.error(arg, "claim '" + claim + "': " + kind + " takes only true, unquoted (use "
                    + ("present".equals(kind) ? "absent" : "present") + ": true for the opposite)");
            return Optional.empty();
        }
        return Optional.of("present".equals(kind) ? new Matcher.Present() : new Matcher.Absent());
    }
}
