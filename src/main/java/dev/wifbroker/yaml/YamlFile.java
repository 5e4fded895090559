package dev.wifbroker.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses one policy file into a positioned node tree. Binding works on SnakeYAML's composed nodes
 * (not on a data-binding mapper) because every error, structural or semantic, must carry the
 * file:line:column of the offending value and all errors of a file are reported together.
 */
public final class YamlFile {
    private static final int MAX_FILE_CODE_POINTS = 1_000_000;
    /** Largest file read, in bytes: the code-point limit at four bytes each. Larger files are refused unread. */
    public static final int MAX_FILE_BYTES = 4 * MAX_FILE_CODE_POINTS;

    private YamlFile() {}

    /**
     * The text of a policy file (or a file it names), strict UTF-8, reading at most {@link #MAX_FILE_BYTES} + 1 bytes:
     * the YAML reader's own limit applies only after a whole file is in memory, and a 200 MB file (or
     * {@code /dev/zero} named as a JWKS file) exhausted the heap before it.
     */
    public static String read(Path file) throws IOException {
        return decode(readBytes(file));
    }

    /** The bytes of a policy file, with {@link #read}'s size limit: for a caller that also hashes them. */
    public static byte[] readBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IOException(String.format("file is larger than %,d bytes, the limit for a policy file", MAX_FILE_BYTES));
            }
            return bytes;
        }
    }

    /** {@code bytes} as strict UTF-8 text, failing as {@link #read} does. */
    public static String decode(byte[] bytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * The policy files directly in {@code dir}, sorted: regular files (or links to them) named {@code *.yaml}
     * or {@code *.yml} in any letter case. Hidden entries (a name starting with {@code .}: editor swap files,
     * the {@code ..data} link and timestamped directories of a Kubernetes ConfigMap mount) are never files of
     * the policy. Empty if the directory cannot be read.
     */
    public static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(YamlFile::isPolicyFile).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The entries of {@code dir} that are neither hidden nor policy files: subdirectories and files of other
     * names. They look like policy but would not be read, so loaders refuse them rather than ignore them.
     */
    public static List<Path> unlisted(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> !isHidden(p) && !isPolicyFile(p)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** True for a name starting with {@code .}, which no policy file has. */
    public static boolean isHidden(Path entry) {
        return entry.getFileName() != null && entry.getFileName().toString().startsWith(".");
    }

    private static boolean isPolicyFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !isHidden(p) && (n.endsWith(".yaml") || n.endsWith(".yml")) && Files.isRegularFile(p);
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
            // What Yaml.composeAll does, without building a Yaml (its constructor and representer) per file.
            Composer docs = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
            Node root = null;
            int count = 0;
            while (docs.checkNode()) {
                Node doc = docs.getNode();
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
