package dev.wifbroker.yaml;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses one policy file into a positioned node tree. Binding works on SnakeYAML's composed nodes
 * (not on a data-binding mapper) because every error, structural or semantic, must carry the
 * file:line:column of the offending value and all errors of a file are reported together.
 */
public final class YamlFile {
    private static final int MAX_FILE_CODE_POINTS = 1_000_000;

    private YamlFile() {}

    /** The {@code *.yaml} and {@code *.yml} files directly in {@code dir}, sorted; empty if it cannot be read. */
    public static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The root mapping of a single-document file, or empty with errors recorded. */
    public static Optional<YamlObject> parse(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(40);
        options.setCodePointLimit(MAX_FILE_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        try {
            Iterable<Node> docs = new Yaml(options).composeAll(new StringReader(text));
            Node root = null;
            int count = 0;
            for (Node doc : docs) {
                if (count++ == 0) {
                    root = doc;
                } else {
                    problems.error(doc, "only one YAML document per file is allowed");
                }
            }
            if (root == null) {
                problems.error((Node) null, "file is empty");
                return Optional.empty();
            }
            if (!(root instanceof MappingNode mapping)) {
                problems.error(root, "expected a mapping at the top level");
                return Optional.empty();
            }
            return Optional.of(new YamlObject(mapping, problems, ""));
        } catch (MarkedYAMLException e) {
            problems.error(e.getProblemMark(), "invalid YAML: " + e.getProblem());
            return Optional.empty();
        } catch (YAMLException e) {
            problems.error((Node) null, "invalid YAML: " + e.getMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            // SnakeYAML rejects some malformed tags (e.g. `!!x%20`, a trailing space) with this instead of a YAMLException.
            problems.error((Node) null, "invalid YAML: " + e.getMessage());
            return Optional.empty();
        }
    }
}
