package dev.wifbroker.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Kubernetes manifests under deploy/kubernetes, parsed: one kustomization directory at a time. */
public final class Manifests {
    public static final Path ROOT = Path.of("deploy/kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {}

    public static List<Path> files(String ext) {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(p -> p.toString().endsWith(ext)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a file. */
    public static List<JsonNode> documents(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            YAML.readerFor(JsonNode.class).readValues(file.toFile()).forEachRemaining(d -> docs.add((JsonNode) d));
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resources a kustomization directory lists (not the kustomization itself). */
    public static List<JsonNode> resources(String dir) {
        JsonNode k = documents(ROOT.resolve(dir).resolve("kustomization.yaml")).get(0);
        List<JsonNode> out = new ArrayList<>();
        k.path("resources").forEach(r -> out.addAll(documents(ROOT.resolve(dir).resolve(r.asText()))));
        return out;
    }

    public static JsonNode one(String dir, String kind) {
        List<JsonNode> found = resources(dir).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError(dir + " holds " + found.size() + " " + kind + " resources, expected one");
        }
        return found.get(0);
    }

    /** The pod template's container {@code name}. */
    public static JsonNode container(JsonNode workload, String name) {
        for (JsonNode c : workload.at("/spec/template/spec/containers")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no container " + name);
    }

    public static String env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText())) {
                return e.path("value").asText();
            }
        }
        return null;
    }

    /** The volume mounted read-only at a directory holding {@code file}, or an error. */
    public static JsonNode volumeHolding(JsonNode workload, JsonNode container, String file) {
        for (JsonNode m : container.path("volumeMounts")) {
            String mount = m.path("mountPath").asText();
            if (file.startsWith(mount + "/")) {
                if (!m.path("readOnly").asBoolean()) {
                    throw new AssertionError(mount + " is not mounted read-only");
                }
                for (JsonNode v : workload.at("/spec/template/spec/volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText())) {
                        return v;
                    }
                }
            }
        }
        throw new AssertionError("no read-only volume holds " + file);
    }
}
