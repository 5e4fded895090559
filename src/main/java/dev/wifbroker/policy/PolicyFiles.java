package dev.wifbroker.policy;

import dev.wifbroker.text.Sha256;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which files of a policy directory count, so that what loads and what the version hashes are the same set.
 * {@code issuers/}, {@code roles/} and {@code tests/} hold {@code *.yaml} / {@code *.yml} files (any letter
 * case) and nothing else: a subdirectory or a file of another name there would look like policy without
 * being read, so it is refused by name. Hidden entries (a name starting with {@code .}) are never policy,
 * which keeps editor swap files and a Kubernetes ConfigMap mount's {@code ..data} and timestamped
 * directories out of both the load and the version.
 */
public final class PolicyFiles {
    /** Directories whose files are loaded one by one (and hashed as loaded); everything else but tests/ is hashed as is. */
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

    /** A file of the policy: its logical name ({@code roles/deploy.yaml}), where it is read, and what a stat tells. */
    record Entry(String name, Path path, long size, long modifiedMillis) {}

    /**
     * {@code sha256:<hex>} over, by logical name and content, every file of the policy ({@link #walk}, outside
     * {@code tests/}): in a directory that loads, the issuer and role files exactly as the loader lists them plus
     * every other file (pinned JWKS files). Equal content has an equal version on every replica, whatever its
     * ConfigMap volume's internal names. A file in {@code contents} is hashed as the loader read it (each role file is
     * read once per load, and the version is of what loaded).
     */
    static String version(Path dir, Map<Path, byte[]> contents) {
        return version(dir, Set.of("tests"), contents);
    }

    /**
     * The same hash over everything the roles are checked against (issuers, pinned JWKS files), without the
     * role files: while it is unchanged, an unchanged role file lints as it did before.
     */
    static String versionWithoutRoles(Path dir) {
        return version(dir, Set.of("tests", "roles"), Map.of());
    }

    private static String version(Path dir, Set<String> skipped, Map<Path, byte[]> contents) {
        List<Entry> files;
        try {
            files = walk(dir, skipped);
        } catch (IOException e) {
            throw new IllegalStateException("cannot list policy directory " + dir + ": " + e.getMessage(), e);
        }
        try {
            MessageDigest sha = Sha256.newDigest();
            for (Entry f : files) {
                sha.update(f.name().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                byte[] read = contents.get(f.path());
                if (read != null) {
                    sha.update(read);
                } else {
                    update(sha, f.path());
                }
                sha.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash policy directory " + dir, e);
        }
    }

    /**
     * The one listing of a policy directory, for the version and for the watcher's fingerprint: every regular file
     * below {@code dir}, links followed, sorted by logical name, leaving out the top-level directories named in
     * {@code skipped} and every entry whose name starts with {@code .}. So a ConfigMap volume's {@code ..data} link and
     * {@code ..<timestamp>} directories are never walked: their files count once, by the visible names that link
     * into them, as in a plain directory.
     */
    static List<Entry> walk(Path dir, Set<String> skipped) throws IOException {
        List<Entry> out = new ArrayList<>();
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (d.equals(dir)) {
                    return FileVisitResult.CONTINUE;
                }
                boolean skip = YamlFile.isHidden(d) || (d.getParent().equals(dir) && skipped.contains(d.getFileName().toString()));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                if (!YamlFile.isHidden(f) && attrs.isRegularFile()) {
                    out.add(new Entry(display(dir, f), f, attrs.size(), attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    throw new IOException("symbolic link loop at " + display(dir, f), e);
                }
                if (!f.equals(dir) && YamlFile.isHidden(f)) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        out.sort(Comparator.comparing(Entry::name));
        return out;
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

    private static String display(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
