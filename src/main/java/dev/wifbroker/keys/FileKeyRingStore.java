package dev.wifbroker.keys;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the ring in one file, {@code keyring.json}, in a directory of its own: mode 0600 in a 0700
 * directory, replaced atomically (written to a temporary file in the same directory, forced to disk,
 * then renamed over the old one with {@code ATOMIC_MOVE}), so a crash mid-write leaves the previous ring.
 * One file rather than one per key keeps a rotation step (retire one key, activate another) atomic.
 * For a single node: two brokers sharing the directory would overwrite each other's rotations.
 */
public final class FileKeyRingStore implements KeyRingStore {
    static final String FILE_NAME = "keyring.json";
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;
    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public FileKeyRingStore(Path directory) {
        this.directory = directory.toAbsolutePath();
    }

    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    @Override
    public List<ManagedKey> load() {
        Path file = file();
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            if (posix) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(OTHERS::contains)) {
                    // Like ssh with a private key: refuse rather than sign with a key others may have read.
                    throw new IllegalStateException("key file " + file + " is accessible to other users (mode "
                            + PosixFilePermissions.toString(perms) + "); restrict it with chmod 600");
                }
            }
            Map<String, Object> root = JSON.readValue(file.toFile(), new TypeReference<>() {});
            if (!Integer.valueOf(FORMAT_VERSION).equals(root.get("version")) || !(root.get("keys") instanceof List<?> stored)) {
                throw new IllegalStateException("key file " + file + " is not a version " + FORMAT_VERSION + " key ring");
            }
            List<ManagedKey> keys = new ArrayList<>();
            for (Object entry : stored) {
                if (!(entry instanceof Map<?, ?> map)) {
                    throw new IllegalStateException("key file " + file + " has a key entry that is not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) map;
                keys.add(JwkCodec.fromStoredForm(typed));
            }
            return List.copyOf(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("key file " + file + " is invalid: " + e.getMessage());
        }
    }

    @Override
    public void save(List<ManagedKey> keys) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", FORMAT_VERSION);
        root.put("keys", keys.stream().map(JwkCodec::storedForm).toList());
        Path temp = null;
        try {
            createDirectory();
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            // Created 0600 from the start: a chmod after writing would leave a window with the default umask.
            temp = posix
                    ? Files.createTempFile(directory, ".keyring-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(directory, ".keyring-", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The failure that brought us here is the one worth reporting.
                }
            }
        }
    }

    private void createDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            if (posix) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(directory);
            }
        }
    }

    /** Makes the rename itself durable; some file systems do not allow opening a directory, which is harmless. */
    private void syncDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // The rename is atomic either way; only its durability across a power loss is at stake.
        }
    }
}
