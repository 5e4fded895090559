package dev.wifbroker.policy;

import dev.wifbroker.text.Sha256;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which files of a policy directory count, so that what loads and what the version hashes are the same set.
 * {@code issuers/}, {@code roles/} and {@code tests/} hold {@code *.yaml} / {@code *.yml} files (any letter
 * case) and nothing else: a subdirectory or a file of another name there would look like policy without
 * being read, so it is refused by name. Hidden entries (a name starting with {@code .}) are never policy,
 * which keeps editor swap files and a Kubernetes ConfigMap mount's {@code ..data} and timestamped
 * directories out of both the load and the version.
 */
public final class PolicyFiles {
    /** Directories whose files are loaded one by one (and hashed as loaded); everything else is hashed as is. */
    static final List<String> LOADED = List.of("issuers", "roles");

    private PolicyFiles() {}

    /** One error per entry of {@code policyDir/kind} that is neither hidden nor a loadable file. */
    public static List<Problem> unlisted(Path policyDir, String kind) {
        List<Problem> out = new ArrayList<>();
        for (Path entry : YamlFile.unlisted(policyDir.resolve(kind))) {
            String name = display(policyDir, entry);
            out.add(Files.isDirectory(entry)
                    ? Problem.error(name + "/", 1, 1, "subdirectories of " + kind + "/ are not loaded, so its files would"
                            + " silently not apply. Fix: move them into " + kind + "/ or remove the directory")
                    : Problem.error(name, 1, 1, "not a policy file: only *.yaml and *.yml files are read from " + kind
                            + "/. Fix: rename it to .yaml or move it out of " + kind + "/"));
        }
        return out;
    }

    /**
     * {@code sha256:<hex>} over, by logical path ({@code roles/deploy.yaml}) and content: the issuer and role
     * files exactly as the loader lists them, and every other non-hidden file outside {@code issuers/},
     * {@code roles/} and {@code tests/} (pinned JWKS files live there). Equal directories have equal versions
     * on every replica, whatever their ConfigMap mount's internal directory names. A file in {@code contents}
     * is hashed as the loader read it (each role file is read once per load, and the version is of what loaded).
     */
    static String version(Path dir, Map<Path, byte[]> contents) {
        return version(dir, LOADED, contents);
    }

    /**
     * The same hash over everything the roles are checked against (issuers, pinned JWKS files), without the
     * role files: while it is unchanged, an unchanged role file lints as it did before.
     */
    static String versionWithoutRoles(Path dir) {
        return version(dir, List.of("issuers"), Map.of());
    }

    private static String version(Path dir, List<String> listed, Map<Path, byte[]> contents) {
        List<Path> files = new ArrayList<>();
        for (String kind : listed) {
            files.addAll(YamlFile.list(dir.resolve(kind)));
        }
        // The path tests first: they are cheap, and they leave out the 10,000 role files before any is stat'ed.
        List<Path> elsewhere = Stream.concat(LOADED.stream(), Stream.of("tests")).map(dir.getFileSystem()::getPath).toList();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> {
                Path relative = dir.relativize(p);
                return !hidden(relative) && elsewhere.stream().noneMatch(relative::startsWith);
            }).filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list policy directory " + dir, e);
        }
        // Each file's logical path once: computing it in the comparator took a tenth of a 10,000-role load.
        Map<Path, String> names = new HashMap<>();
        files.forEach(f -> names.put(f, display(dir, f)));
        files.sort(Comparator.comparing(names::get));
        try {
            MessageDigest sha = Sha256.newDigest();
            for (Path f : files) {
                sha.update(names.get(f).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                byte[] read = contents.get(f);
                if (read != null) {
                    sha.update(read);
                } else {
                    update(sha, f);
                }
                sha.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash policy directory " + dir, e);
        }
    }

    /** Feeds {@code file}'s bytes to {@code sha}, streaming (policy files may be large until the size check refuses them). */
    static void update(MessageDigest sha, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String display(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
