package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ConfigMap volume as the kubelet writes it: the data in a timestamped hidden directory, {@code ..data}
 * linking to it, and the visible names linking through {@code ..data}. An update writes a new timestamped
 * directory, points {@code ..data_tmp} at it, renames that over {@code ..data} (atomic) and deletes the old
 * directory. The watcher must see it from the change events alone: its poll interval here is an hour.
 */
class KubeletConfigMapSwapTest {
    @TempDir
    Path tmp;

    @Test
    void an_atomic_data_link_swap_makes_the_new_policy_live_without_polling() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("mount"));
        Path first = timestamped(mount, "..2026_12_02_10_00_00.000000001", "15m");
        Files.createSymbolicLink(mount.resolve("..data"), Path.of(first.getFileName().toString()));
        Files.createSymbolicLink(mount.resolve("issuers"), Path.of("..data/issuers"));
        Files.createSymbolicLink(mount.resolve("roles"), Path.of("..data/roles"));

        PolicyStore store = new PolicyStore(Clock.systemUTC(), change -> {});
        List<String> errors = new ArrayList<>();
        try (PolicyDirectoryWatcher watcher = watcher(mount, Duration.ofHours(1), store, errors)) {
            watcher.start();
            assertThat(watcher.watchesEvents()).isTrue();
            String v1 = store.get().version();

            swap(mount, timestamped(mount, "..2026_12_02_10_05_00.000000002", "10m"), first);
            String v2 = awaitChange(store, v1);
            assertThat(store.get().role("refunds").orElseThrow().credentials().all().get(0).toString()).contains("PT10M");
            assertThat(errors).isEmpty();

            // The links now lead into the second directory: an edit there (a second swap) is seen too.
            swap(mount, timestamped(mount, "..2026_12_02_10_10_00.000000003", "12m"),
                    mount.resolve("..2026_12_02_10_05_00.000000002"));
            awaitChange(store, v2);
            assertThat(store.get().role("refunds").orElseThrow().credentials().all().get(0).toString()).contains("PT12M");
        }
    }

    /** What the kubelet does on an update: point {@code ..data} at {@code next} atomically, then delete {@code old}. */
    private static void swap(Path mount, Path next, Path old) throws Exception {
        Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of(next.getFileName().toString()));
        Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        delete(old);
    }

    /** A watcher whose safety re-scan is an hour away, so only change events (or {@code poll}) load. */
    private static PolicyDirectoryWatcher watcher(Path dir, Duration poll, PolicyStore store, List<String> errors) {
        return new PolicyDirectoryWatcher(dir, poll, Duration.ofHours(1),
                new PolicyLoader(dev.wifbroker.policy.lint.LintSettings.DEFAULTS)::reload, store::activate,
                e -> errors.add(e.toString()), t -> errors.add(t.toString()), Clock.systemUTC());
    }

    @Test
    void a_policy_directory_removed_and_written_again_is_watched_again() throws Exception {
        Path dir = timestamped(tmp, "policy", "15m");
        PolicyStore store = new PolicyStore(Clock.systemUTC(), change -> {});
        List<String> errors = new ArrayList<>();
        try (PolicyDirectoryWatcher watcher = watcher(dir, Duration.ofMillis(200), store, errors)) {
            watcher.start();
            assertThat(watcher.watchesEvents()).isTrue();
            String v1 = store.get().version();
            delete(dir);
            Thread.sleep(600);
            timestamped(tmp, "policy", "10m");
            String v2 = awaitChange(store, v1);
            assertThat(store.get().role("refunds").orElseThrow().credentials().all().get(0).toString()).contains("PT10M");

            // Still watched by events (the re-scan is an hour away): a later edit is seen.
            Files.writeString(dir.resolve("roles/refunds.yaml"), PolicyReloadTest.ROLE.replace("15m", "12m"));
            awaitChange(store, v2);
            assertThat(store.get().role("refunds").orElseThrow().credentials().all().get(0).toString()).contains("PT12M");
        }
    }

    private static String awaitChange(PolicyStore store, String from) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (store.get().version().equals(from) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.get().version()).as("a new policy version is live").isNotEqualTo(from);
        return store.get().version();
    }

    private static Path timestamped(Path mount, String name, String duration) {
        return PolicyDir.withSampleIssuers(mount.resolve(name)).role("refunds",
                PolicyReloadTest.ROLE.replace("15m", duration)).path();
    }

    private static void delete(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
