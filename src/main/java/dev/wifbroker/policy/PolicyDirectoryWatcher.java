package dev.wifbroker.policy;

import dev.wifbroker.text.Sha256;
import dev.wifbroker.yaml.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p>
 * Nothing a load does can stop the polling: any {@link Throwable} (a bug, an {@link OutOfMemoryError}, a
 * {@link StackOverflowError}) is reported to {@code onCrash} and, as a refused load, to {@code onError}; the
 * same content is then retried with a doubling delay (up to {@link #MAX_RETRY_DELAY}), because a crash may
 * have been caused by the moment rather than by the files, and any later edit is loaded as usual.
 */
public final class PolicyDirectoryWatcher implements AutoCloseable {
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);

    /** Loads a directory: {@link PolicyLoader#load} in the broker; tests substitute failures. */
    @FunctionalInterface
    public interface Loader {
        PolicyLoader.Result load(Path dir);
    }

    private final Path dir;
    private final Duration interval;
    private final Loader loader;
    private final Consumer<PolicySet> onLoad;
    private final Consumer<List<Problem>> onError;
    private final Consumer<Throwable> onCrash;
    private final Clock clock;
    private final Object lock = new Object();
    private ScheduledExecutorService executor;
    private String loaded;
    private String pending;
    private int crashes;
    private Instant retryAt;
    private volatile Instant lastPollAt;

    public PolicyDirectoryWatcher(Path dir, Duration interval, Consumer<PolicySet> onLoad, Consumer<List<Problem>> onError) {
        this(dir, interval, PolicyLoader::load, onLoad, onError, crash -> {}, Clock.systemUTC());
    }

    /** @param onCrash told of every load that threw; must not throw itself (if it does, polling still continues) */
    public PolicyDirectoryWatcher(Path dir, Duration interval, Loader loader, Consumer<PolicySet> onLoad,
            Consumer<List<Problem>> onError, Consumer<Throwable> onCrash, Clock clock) {
        this.dir = dir;
        this.interval = interval;
        this.loader = loader;
        this.onLoad = onLoad;
        this.onError = onError;
        this.onCrash = onCrash;
        this.clock = clock;
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
                executor.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * One poll: loads if the directory changed and then held still since the previous poll, or if the last load
     * crashed and its retry is due. Returns true if it loaded.
     */
    public boolean poll() {
        synchronized (lock) {
            lastPollAt = clock.instant();
            String now = fingerprint();
            if (now.equals(loaded)) {
                pending = null;
                if (crashes > 0 && !clock.instant().isBefore(retryAt)) {
                    load(now);
                    return true;
                }
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

    /** When the watcher last polled (null before the first poll): a stalled watcher shows here. */
    public Instant lastPollAt() {
        return lastPollAt;
    }

    /** A scheduled executor cancels a task that throws, so the background poll must never throw. */
    private void pollSafely() {
        try {
            poll();
        } catch (Throwable t) {
            report(t);
        }
    }

    private void load(String fingerprint) {
        loaded = fingerprint;
        pending = null;
        try {
            PolicyLoader.Result result = loader.load(dir);
            crashes = 0;
            if (result.set().isPresent()) {
                onLoad.accept(result.set().get());
            } else {
                onError.accept(result.errors());
            }
        } catch (Throwable t) {
            // Anything, including an Error, is reported like a bad edit; the last good set keeps serving.
            crashes++;
            retryAt = clock.instant().plus(retryDelay(crashes));
            report(t);
        }
    }

    private Duration retryDelay(int attempt) {
        Duration delay = interval.multipliedBy(1L << Math.min(attempt - 1, 20));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private void report(Throwable t) {
        try {
            onCrash.accept(t);
            onError.accept(List.of(Problem.error(dir.toString(), 1, 1, "policy load failed: " + t
                    + " (the last good policy set stays active; the load is retried)")));
        } catch (Throwable ignored) {
            // Reporting failed too (e.g. still out of memory); the next poll tries again.
        }
    }

    /** Files modified this recently are fingerprinted by content too. */
    private static final long RACY_WINDOW_MILLIS = 2_000;

    /**
     * Path, size and modification time of every file outside {@code tests/}: cheap, and changes on any edit; plus the
     * content of files written within {@link #RACY_WINDOW_MILLIS}.
     */
    String fingerprint() {
        try (Stream<Path> walk = Files.walk(dir)) {
            MessageDigest sha = Sha256.newDigest();
            long racy = System.currentTimeMillis() - RACY_WINDOW_MILLIS;
            for (Path f : walk.filter(Files::isRegularFile).filter(p -> !dir.relativize(p).startsWith("tests")).sorted().toList()) {
                long modified = Files.getLastModifiedTime(f).toMillis();
                String entry = dir.relativize(f) + "|" + Files.size(f) + "|" + modified + "\n";
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
                if (modified >= racy) {
                    // Timestamps are coarse (a kernel tick): two same-size writes inside one tick look alike, so a
                    // recently written file is told apart by its content, as git does for "racy" index entries.
                    PolicyFiles.update(sha, f);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | UncheckedIOException e) {
            // A file vanishing mid-walk (a ConfigMap swap) lands here too; the next poll sees the settled state.
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
