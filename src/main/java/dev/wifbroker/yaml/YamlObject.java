package dev.wifbroker.yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping being bound to a record. Each accessor consumes a key; {@link #finish()} reports
 * every key nobody asked for, so unknown fields are errors rather than silently ignored.
 */
public final class YamlObject {
    private final MappingNode node;
    private final Problems problems;
    private final String path;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> consumed = new LinkedHashSet<>();

    YamlObject(MappingNode node, Problems problems, String path) {
        this.node = node;
        this.problems = problems;
        this.path = path;
        for (NodeTuple tuple : node.getValue()) {
            Node key = tuple.getKeyNode();
            if (!(key instanceof ScalarNode scalar)) {
                problems.error(key, "keys must be plain strings");
                continue;
            }
            if (entries.putIfAbsent(scalar.getValue(), tuple) != null) {
                problems.error(key, "duplicate key '" + qualified(scalar.getValue()) + "'");
            }
        }
    }

    public Node node() {
        return node;
    }

    public Problems problems() {
        return problems;
    }

    /** Dotted path of this mapping from the file's root, for messages. */
    public String path() {
        return path;
    }

    public String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Keys in file order; marks them all consumed (for maps whose keys are data, e.g. claim names). */
    public List<String> keys() {
        consumed.addAll(entries.keySet());
        return List.copyOf(entries.keySet());
    }

    public Optional<Node> raw(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            return Optional.empty();
        }
        consumed.add(key);
        return Optional.of(tuple.getValueNode());
    }

    /** Position of a key itself, for errors about the key rather than its value. */
    public Node keyNode(String key) {
        NodeTuple tuple = entries.get(key);
        return tuple == null ? node : tuple.getKeyNode();
    }

    public Optional<String> optString(String key) {
        return raw(key).flatMap(value -> scalar(key, value));
    }

    public String string(String key) {
        Optional<Node> value = raw(key);
        if (value.isEmpty()) {
            problems.error(node, "missing required field '" + qualified(key) + "'");
            return null;
        }
        return scalar(key, value.get()).orElse(null);
    }

    /** A YAML boolean, written {@code true} or {@code false}; a quoted {@code "true"} is text, not a boolean. */
    /**
     * The characters of a field whose value must be one of a fixed set of words ({@code allow}/{@code deny}), whatever
     * YAML typed them as: the caller refuses anything outside the set, so {@code expect: yes} gets the message that
     * lists the words rather than one about quoting.
     */
    public Optional<String> optWord(String key) {
        return raw(key).flatMap(value -> {
            if (value instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())) {
                return Optional.of(s.getValue());
            }
            problems.error(value, "'" + qualified(key) + "' must be a single value");
            return Optional.empty();
        });
    }

    /** As {@link #optWord}, for a required field. */
    public String word(String key) {
        if (!has(key)) {
            problems.error(node, "missing required field '" + qualified(key) + "'");
            return null;
        }
        return optWord(key).orElse(null);
    }

    public Optional<Boolean> optBoolean(String key) {
        return raw(key).flatMap(value -> {
            if (value instanceof ScalarNode s && Tag.BOOL.equals(s.getTag())
                    && (s.getValue().equals("true") || s.getValue().equals("false"))) {
                return Optional.of(Boolean.valueOf(s.getValue()));
            }
            String got = value instanceof ScalarNode s ? (Tag.STR.equals(s.getTag()) ? "the text '" + s.getValue() + "'"
                    : "'" + s.getValue() + "'") : "a " + kind(value);
            problems.error(value, "'" + qualified(key) + "' must be true or false, got " + got);
            return Optional.empty();
        });
    }

    public Optional<Duration> optDuration(String key) {
        return raw(key).flatMap(value -> scalar(key, value).flatMap(text -> {
            try {
                return Optional.of(DurationText.parse(text));
            } catch (IllegalArgumentException e) {
                problems.error(value, "'" + qualified(key) + "': " + e.getMessage());
                return Optional.empty();
            }
        }));
    }

    /** A list of strings; a single scalar is accepted as a one-element list only when {@code allowScalar}. */
    public List<String> stringList(String key, boolean allowScalar) {
        Optional<Node> value = raw(key);
        if (value.isEmpty()) {
            return List.of();
        }
        Node v = value.get();
        if (v instanceof ScalarNode && allowScalar) {
            return scalar(key, v).map(List::of).orElse(List.of());
        }
        if (!(v instanceof SequenceNode seq)) {
            problems.error(v, "'" + qualified(key) + "' must be a list of strings");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            scalar(key, item).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    public Optional<YamlObject> optObject(String key) {
        return raw(key).flatMap(value -> {
            if (value instanceof MappingNode mapping) {
                return Optional.of(new YamlObject(mapping, problems, qualified(key)));
            }
            problems.error(value, "'" + qualified(key) + "' must be a mapping");
            return Optional.empty();
        });
    }

    /** A list of mappings, each bound by the caller. */
    public List<YamlObject> objectList(String key) {
        Optional<Node> value = raw(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof SequenceNode seq)) {
            problems.error(value.get(), "'" + qualified(key) + "' must be a list");
            return List.of();
        }
        List<YamlObject> out = new ArrayList<>();
        int index = 0;
        for (Node item : seq.getValue()) {
            String itemPath = qualified(key) + "[" + index++ + "]";
            if (item instanceof MappingNode mapping) {
                out.add(new YamlObject(mapping, problems, itemPath));
            } else {
                problems.error(item, "'" + itemPath + "' must be a mapping");
            }
        }
        return out;
    }

    /** Converts a value to plain Java data (String, Boolean, Long, Double, List, Map) for free-form fields. */
    public static Object plain(Node value) {
        if (value instanceof ScalarNode scalar) {
            Tag tag = scalar.getTag();
            String text = scalar.getValue();
            if (Tag.BOOL.equals(tag)) {
                return Boolean.parseBoolean(text);
            }
            if (Tag.INT.equals(tag)) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return text;
                }
            }
            if (Tag.FLOAT.equals(tag)) {
                try {
                    return Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    return text;
                }
            }
            if (Tag.NULL.equals(tag)) {
                return null;
            }
            return text;
        }
        if (value instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(plain(n)));
            return out;
        }
        if (value instanceof MappingNode mapping) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : mapping.getValue()) {
                out.put(String.valueOf(plain(t.getKeyNode())), plain(t.getValueNode()));
            }
            return out;
        }
        return null;
    }

    /** Reports every key that no accessor consumed. Call once, after binding all known fields. */
    public void finish(String... hint) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!consumed.contains(e.getKey())) {
                String known = hint.length == 0 ? "" : " (known fields: " + String.join(", ", hint) + ")";
                problems.error(e.getValue().getKeyNode(), "unknown field '" + qualified(e.getKey()) + "'" + known);
            }
        }
    }

    /**
     * The text of a field documented as text. It must be a YAML string: {@code 123}, {@code true} or a date is a
     * number, boolean or timestamp to YAML (and to the JSON Schema an editor checks), so it is refused with the
     * quoted form to write rather than silently read as its characters.
     */
    private Optional<String> scalar(String key, Node value) {
        if (value instanceof ScalarNode scalar && Tag.STR.equals(scalar.getTag())) {
            return Optional.of(scalar.getValue());
        }
        if (value instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            problems.error(value, "'" + qualified(key) + "' must be text, got the " + kind(value) + " " + scalar.getValue()
                    + "; write it in quotes: \"" + scalar.getValue() + "\"");
            return Optional.empty();
        }
        problems.error(value, "'" + qualified(key) + "' must be a single value");
        return Optional.empty();
    }

    /** What YAML made of a value, in words, for messages. */
    private static String kind(Node value) {
        if (value instanceof ScalarNode s) {
            Tag tag = s.getTag();
            return Tag.BOOL.equals(tag) ? "boolean" : Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) ? "number"
                    : Tag.NULL.equals(tag) ? "null" : Tag.STR.equals(tag) ? "text" : "value " + tag.getValue();
        }
        return value instanceof SequenceNode ? "list" : "mapping";
    }
}
