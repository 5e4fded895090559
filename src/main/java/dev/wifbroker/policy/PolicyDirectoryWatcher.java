package dev.wifbroker.policy;

import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.text.Sha256;
import dev.wifbroker.yaml.YamlFile;
import dev.wifbroker.yaml.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Watches a policy directory and reloads it when its files change. Where the file system delivers change
 * events ({@link WatchService}: inotify on Linux) an edit is loaded as soon as the directory has been quiet
 * for {@link #SETTLE}, and the directory is otherwise left alone except for a cheap safety re-scan (sizes
 * and modification times) every {@code rescanInterval}, for events a network file system never sends.
 * Where it does not, the directory is polled every {@code interval}, and a change is loaded once the
 * directory has stayed the same for one poll, so a half-saved edit is not reported as an error.
 * A Kubernetes ConfigMap mount swaps its {@code ..data} link to a new timestamped directory: the swap is an
 * event on the mount itself, after which every watched directory is registered again (the links now lead
 * elsewhere). Only a load without errors reaches {@code onLoad}; anything else goes to {@code onError} and
 * the caller keeps its last good set.
 * <p>
 * Nothing a load does can stop the watching: any {@link Throwable} (a bug, an {@link OutOfMemoryError}, a
 * {@link StackOverflowError}) is reported to {@code onCrash} and, as a refused load, to {@code onError}; the
 * same content is then retried with a doubling delay (up to {@link #MAX_RETRY_DELAY}), because a crash may
 * have been caused by the moment rather than by the files, and any later edit is loaded as usual.
 */
public final class PolicyDirectoryWatcher implements AutoCloseable {
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(5);
    /** How long the directory must be free of events before an edit loads: an editor's or kubelet's writes come in bursts. */
    static final Duration SETTLE = Duration.ofMillis(100);
    /** Longest wait for quiet under a stream of events, so constant writing cannot postpone a load forever. */
    private static final Duration MAX_SETTLE = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(PolicyDirectoryWatcher.class);

    /** Loads a directory: {@link PolicyLoader#load} in the broker; tests substitute failures. */
    @FunctionalInterface
    public interface Loader {
        PolicyLoader.Result load(Path dir);
    }

    private final Path dir;
    private final Duration interval;
    private final Duration rescanInterval;
    private final Loader loader;
    private final Consumer<PolicySet> onLoad;
    private final Consumer<List<Problem>> onError;
    private final Consumer<Throwable> onCrash;
    private final Clock clock;
    private final Object lock = new Object();
    private ScheduledExecutorService executor;
    private Thread watching;
    private WatchService watchService;
    private String loaded;
    private String pending;
    private int crashes;
    private Instant retryAt;
    private volatile Instant lastPollAt;

    public PolicyDirectoryWatcher(Path dir, Duration interval, Consumer<PolicySet> onLoad, Consumer<List<Problem>> onError) {
        this(dir, interval, new PolicyLoader(LintSettings.DEFAULTS)::reload, onLoad, onError, crash -> {}, Clock.systemUTC());
    }

    /** @param onCrash told of every load that threw; must not throw itself (if it does, polling still continues) */
    public PolicyDirectoryWatcher(Path dir, Duration interval, Loader loader, Consumer<PolicySet> onLoad,
            Consumer<List<Problem>> onError, Consumer<Throwable> onCrash, Clock clock) {
        this(dir, interval, DEFAULT_RESCAN, loader, onLoad, onError, onCrash, clock);
    }

    /** The default of {@code broker.policy-rescan-interval}. */
    static final Duration DEFAULT_RESCAN = Duration.ofMinutes(1);

    /**
     * @param interval the poll interval without change events; with them, how often {@code lastPollAt} advances
     * @param rescanInterval with change events, how often the whole directory is compared anyway
     */
    public PolicyDirectoryWatcher(Path dir, Duration interval, Duration rescanInterval, Loader loader, Consumer<PolicySet> onLoad,
            Consumer<List<Problem>> onError, Consumer<Throwable> onCrash, Clock clock) {
        this.dir = dir;
        this.interval = interval;
        this.rescanInterval = rescanInterval;
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

    /**
     * Loads once now (synchronously, so startup knows whether a policy is active), then watches in the background:
     * on change events where the file system has them, else by polling.
     */
    public void start() {
        reloadNow();
        synchronized (lock) {
            if (executor != null || watching != null) {
                return;
            }
            try {
                watchService = dir.getFileSystem().newWatchService();
                Map<WatchKey, Path> keys = register(watchService, Map.of());
                watching = new Thread(() -> watch(watchService, keys), "policy-directory-watcher");
                watching.setDaemon(true);
                watching.start();
                return;
            } catch (IOException | RuntimeException e) {
                // No inotify instance left, a file system without events: polling sees every edit, only later.
                closeQuietly(watchService);
                watchService = null;
                LOG.warnf("policy directory %s: no change events (%s); polling every %s instead", dir, e, interval);
            }
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "policy-directory-watcher");
                t.setDaemon(true);
                return t;
            });
            executor.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether edits are seen through change events (false: polling, or not started). */
    public boolean watchesEvents() {
        synchronized (lock) {
            return watching != null;
        }
    }

    /** The watcher thread: block on events; on one, wait for quiet and load if the files changed. */
    private void watch(WatchService service, Map<WatchKey, Path> registered) {
        Map<WatchKey, Path> keys = registered;
        Instant nextRescan = clock.instant().plus(rescanInterval);
        try {
            while (true) {
                WatchKey key = service.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
                if (key == null) {
                    if (keys.isEmpty()) {
                        keys = registerOrNone(service, keys, false);
                        if (!keys.isEmpty()) {
                            // What was written while nothing was watched sent no event.
                            loadIfChangedSafely();
                        }
                    }
                    if (!clock.instant().isBefore(nextRescan)) {
                        // A changed directory is loaded once it held still for one interval, as when polling.
                        boolean unsettled = rescanSafely();
                        nextRescan = clock.instant().plus(unsettled ? interval : rescanInterval);
                    } else {
                        tickSafely();
                    }
                    continue;
                }
                settle(service, key);
                keys = registerOrNone(service, keys, true);
                loadIfChangedSafely();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // close(): the watcher stops.
        }
    }

    /**
     * {@link #register}, or no keys while the directory itself is gone or unreadable: the quiet-interval branch then
     * registers again, so the watcher thread never ends but by close().
     */
    private Map<WatchKey, Path> registerOrNone(WatchService service, Map<WatchKey, Path> before, boolean reportFailure) {
        try {
            return register(service, before);
        } catch (IOException | RuntimeException e) {
            if (reportFailure) {
                report(e);
            }
            return Map.of();
        }
    }

    /** Consumes events until none arrives for {@link #SETTLE} (at most {@link #MAX_SETTLE}). */
    private void settle(WatchService service, WatchKey first) throws InterruptedException {
        long deadline = System.nanoTime() + MAX_SETTLE.toNanos();
        WatchKey key = first;
        while (key != null) {
            key.pollEvents();
            key.reset();
            if (System.nanoTime() > deadline) {
                return;
            }
            key = service.poll(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * (Re-)registers the directory and every directory below it that can hold policy (not hidden, not {@code tests/}),
     * following links: after a ConfigMap swap, {@code roles} leads to a new directory. Keys of directories no
     * longer there, or no longer the ones the paths lead to, are cancelled.
     */
    private Map<WatchKey, Path> register(WatchService service, Map<WatchKey, Path> before) throws IOException {
        before.keySet().forEach(WatchKey::cancel);
        Map<WatchKey, Path> keys = new HashMap<>();
        List<Path> dirs = new ArrayList<>();
        dirs.add(dir);
        for (int i = 0; i < dirs.size(); i++) {
            Path d = dirs.get(i);
            try {
                keys.put(d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.ENTRY_MODIFY), d);
                try (Stream<Path> entries = Files.list(d)) {
                    entries.filter(Files::isDirectory).filter(p -> !YamlFile.isHidden(p))
                            .filter(p -> !dir.relativize(p).startsWith("tests")).forEach(dirs::add);
                }
            } catch (IOException e) {
                if (i == 0) {
                    throw e;
                }
                // A subdirectory removed while listing (an old ConfigMap generation) or unreadable: its files are
                // the loader's to report; the rest stays watched.
            }
        }
        return keys;
    }

    private void tickSafely() {
        try {
            synchronized (lock) {
                lastPollAt = clock.instant();
                if (crashes > 0 && !clock.instant().isBefore(retryAt)) {
                    load(fingerprint());
                }
            }
        } catch (Throwable t) {
            report(t);
        }
    }

    /** A poll as without events; true if the directory changed but has not held still yet. */
    private boolean rescanSafely() {
        try {
            synchronized (lock) {
                poll();
                return pending != null;
            }
        } catch (Throwable t) {
            report(t);
            return false;
        }
    }

    /** After events: loads at once if the files differ from the loaded ones (the events settled already). */
    private void loadIfChangedSafely() {
        try {
            synchronized (lock) {
                lastPollAt = clock.instant();
                String now = fingerprint();
                if (!now.equals(loaded)) {
                    load(now);
                }
            }
        } catch (Throwable t) {
            report(t);
        }
    }

    private static void closeQuietly(WatchService service) {
        try {
            if (service != null) {
                service.close();
            }
        } catch (IOException ignored) {
            // Nothing was being watched yet.
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
     * Logical name, size and modification time of every file of the policy outside {@code tests/}, listed as the
     * version lists them ({@link PolicyFiles#walk}): cheap, and changes on any edit and on a ConfigMap's
     * {@code ..data} swap (its new files are new); plus the content of files written within {@link #RACY_WINDOW_MILLIS}.
     */
    String fingerprint() {
        try {
            MessageDigest sha = Sha256.newDigest();
            // The injected clock, as for every other time here: a test's fixed clock keeps "recent" fixed too.
            long racy = clock.millis() - RACY_WINDOW_MILLIS;
            for (PolicyFiles.Entry f : PolicyFiles.walk(dir, Set.of("tests"))) {
                String entry = f.name() + "|" + f.size() + "|" + f.modifiedMillis() + "\n";
                sha.update(entry.getBytes(StandardCharsets.UTF_8));
                if (f.modifiedMillis() >= racy) {
                    // Timestamps are coarse (a kernel tick): two same-size writes inside one tick look alike, so a
                    // recently written file is told apart by its content, as git does for "racy" index entries.
                    PolicyFiles.update(sha, f.path());
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
            if (watching != null) {
                closeQuietly(watchService);
                watching.interrupt();
                watching = null;
                watchService = null;
            }
        }
    }
}
