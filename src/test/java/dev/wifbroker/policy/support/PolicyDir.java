package dev.wifbroker.policy.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A temporary policy directory seeded with the sample issuers, to which tests add roles and issuers. */
public final class PolicyDir {
    private final Path root;

    private PolicyDir(Path root) {
        this.root = root;
    }

    public static PolicyDir withSampleIssuers(Path tmp) {
        try {
            Files.createDirectories(tmp.resolve("issuers"));
            Files.createDirectories(tmp.resolve("roles"));
            try (Stream<Path> files = Files.list(Path.of("trust-policies", "issuers"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, tmp.resolve("issuers").resolve(f.getFileName()));
                }
            }
            return new PolicyDir(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PolicyDir write(String relative, String text) {
        try {
            Path p = root.resolve(relative);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PolicyDir role(String name, String text) {
        return write("roles/" + name + ".yaml", text);
    }

    public Path path() {
        return root;
    }
}
