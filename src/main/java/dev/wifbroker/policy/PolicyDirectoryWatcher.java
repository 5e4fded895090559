package dev.wifbroker.policy;

import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.yaml.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Polls a policy directory and reloads it when its files change. Polling (not WatchService) because it
 * behaves the same on every file system, including Kubernetes ConfigMap mounts that swap a symlink.
 * A change is loaded once the directory has stayed the same for one poll, so a half-saved edit is not
 * reported as an error. Only a load without errors reaches {@code onLoad}; anything else goes to
 * {@code onError} and the caller keeps its last good set.
 */
public final class PolicyDirectoryWatcher implements AutoCloseable {
    private final Path dir;
    private final Duration interval;
    private final Consumer<PolicySet> onLoad;
    private final Consumer<List<Problem>> onError;
    private final LintSettings settings;
    private final Object lock = new Object();
    private ScheduledExecutorService executor;
    private String loaded;
    private String pending;

    public PolicyDirectoryWatcher(Path dir, Duration interval, Consumer<PolicySet> onLoad, Consumer<List<Problem>> onError) {
        this(dir, interval, onLoad, onError, LintSettings.DEFAULTS);
    }

    /** @param settings the broker's limits, so a policy that cannot work on this broker is refused at load */
    public PolicyDirectoryWatcher(Path dir, Duration interval, Consumer<PolicySet> onLoad, Consumer<List<Problem>> onError,
            LintSettings settings) {
        this.dir = dir;
        this.interval = interval;
        this.onLoad = onLoad;
        this.onError = onError;
        this.settings = settings;
    }

    /** Convenience wiring: successes activate in {@code store}, failures are recorded as rejections. */
    public static PolicyDirectoryWatcher into(PolicyStore store, Path dir, Duration interval) {
        return new PolicyDirectoryWatcher(dir, interval, store::activate, store::reject);
    }

    /** Loads once now (synchronously, so startup knows whether a policy is active), then polls in the background. */
    public void start() {
        reloadNow();
        synchronized (lock) {
            if (executor == null) {
                executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "policy-directory-watcher");
                    t.setDaemon(true);
                    return t;
                });
                executor.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One poll: loads if the directory changed and then held still since the previous poll. Returns true if it loaded. */
    public boolean poll() {
        synchronized (lock) {
            String now = fingerprint();
            if (now.equals(loaded)) {
                pending = null;
                return false;
            }
            if (!now.equals(pending)) {
                pending = now;
                return false;
            }
            load(now);
            return true;
        }
    }

    /** Loads immediately, whether or not anything changed. */
    public void reloadNow() {
        synchronized (lock) {
            load(fingerprint());
        }
    }

    private void load(String fingerprint) {
        loaded = fingerprint;
        pending = null;
        try {
            PolicyLoader.Result result = PolicyLoader.load(dir, settings);
            if (result.set().isPresent()) {
                onLoad.accept(result.set().get());
            } else {
                onError.accept(result.errors());
            }
        } catch (RuntimeException e) {
            // A bug or I/O failure in loading must not kill the watcher thread; it is reported like a bad edit.
            onError.accept(List.of(Problem.error(dir.toString(), 1, 1, "policy load failed: " + e)));
        }
    }

    /** Path, size and modification time of every file outside {@code tests/}: cheap, and changes on any edit. */
    String fingerprint() {
        try (Stream<Path> walk = Files.walk(dir)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : walk.filter(Files::isRegularFile).filter(p -> !dir.relativize(p).startsWith("tests")).sorted().toList()) {
                String entry = dir.relativize(f) + "|" + Files.size(f) + "|" + Files.getLastModifiedTime(f).toMillis() + "\n";
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable:" + e.getMessage();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
        }
    }
}
