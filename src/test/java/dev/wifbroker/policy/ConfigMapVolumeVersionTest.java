package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.policy.support.PolicyDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every replica reports the same policy version for the same policy content, however its kubelet laid the ConfigMap
 * volume out: the data in a {@code ..<timestamp>} directory of its own, {@code ..data} linking to it, and the visible
 * names linking through {@code ..data}. The version hashes the policy files by the names the loader sees
 * ({@code roles/deploy.yaml}) and their content, nothing of the volume's internals.
 */
class ConfigMapVolumeVersionTest {
    @TempDir
    Path tmp;

    static final String ROLE = PolicyFilesTest.ROLE.formatted("deploy");
    static final String JWKS = "{\"keys\": []}";

    @Test
    void one_configmap_volume_for_the_whole_tree_in_two_timestamped_directories_has_the_plain_directorys_version()
            throws IOException {
        String plain = version(tree(tmp.resolve("plain"), ROLE, JWKS));
        Path replicaA = wholeTreeVolume(tmp.resolve("a"), "..2026_12_02_10_00_00.000000001", ROLE, JWKS);
        Path replicaB = wholeTreeVolume(tmp.resolve("b"), "..2026_12_02_10_00_07.000000002", ROLE, JWKS);

        assertThat(version(replicaA)).isEqualTo(plain);
        assertThat(version(replicaB)).isEqualTo(plain);
    }

    @Test
    void one_configmap_volume_per_directory_has_the_plain_directorys_version() throws IOException {
        String plain = version(tree(tmp.resolve("plain"), ROLE, JWKS));
        Path replica = tree(tmp.resolve("replica"), ROLE, JWKS);
        asVolume(replica.resolve("issuers"), "..2026_12_02_10_00_00.000000001");
        asVolume(replica.resolve("roles"), "..2026_12_02_10_00_03.000000002");

        assertThat(version(replica)).isEqualTo(plain);
    }

    @Test
    void a_content_change_behind_the_data_link_changes_the_version_and_changing_it_back_restores_it() throws IOException {
        Path mount = wholeTreeVolume(tmp.resolve("mount"), "..2026_12_02_10_00_00.000000001", ROLE, JWKS);
        String v1 = version(mount);

        // A pinned key file is content too, outside issuers/ and roles/, and reached only through a link to a directory.
        swap(mount, "..2026_12_02_10_05_00.000000002", ROLE, "{\"keys\": [{}]}");
        String v2 = version(mount);
        swap(mount, "..2026_12_02_10_10_00.000000003", ROLE.replace("service_account: api", "service_account: web"), JWKS);
        String v3 = version(mount);
        swap(mount, "..2026_12_02_10_15_00.000000004", ROLE, JWKS);

        assertThat(v2).isNotEqualTo(v1);
        assertThat(v3).isNotEqualTo(v1).isNotEqualTo(v2);
        assertThat(version(mount)).isEqualTo(v1);
    }

    @Test
    void the_watchers_fingerprint_names_files_as_the_version_does_and_sees_a_data_link_swap() throws IOException {
        Path mount = wholeTreeVolume(tmp.resolve("mount"), "..2026_12_02_10_00_00.000000001", ROLE, JWKS);
        PolicyDirectoryWatcher watcher = new PolicyDirectoryWatcher(mount, java.time.Duration.ofHours(1), set -> {}, e -> {});
        String before = watcher.fingerprint();
        assertThat(PolicyFiles.walk(mount, java.util.Set.of("tests")).stream().map(PolicyFiles.Entry::name))
                .containsExactly("issuers/demo-github.yaml", "issuers/demo-gitlab.yaml", "issuers/demo-kubernetes.yaml",
                        "issuers/github.yaml", "issuers/gitlab.yaml", "issuers/kubernetes-prod.yaml", "jwks/cluster.json",
                        "roles/deploy.yaml");

        swap(mount, "..2026_12_02_10_05_00.000000002", ROLE.replace("service_account: api", "service_account: web"), JWKS);

        assertThat(watcher.fingerprint()).isNotEqualTo(before);
    }

    private static String version(Path dir) {
        PolicyLoader.Result result = PolicyLoader.load(dir);
        assertThat(result.problems()).as("%s loads", dir).isEmpty();
        return result.set().orElseThrow().version();
    }

    /** The policy content: the sample issuers, one role, one pinned key file. */
    private static Path tree(Path dir, String role, String jwks) {
        return PolicyDir.withSampleIssuers(dir).role("deploy", role).write("jwks/cluster.json", jwks).path();
    }

    /**
     * The tree as kubelet writes one ConfigMap volume whose items have paths ({@code roles/deploy.yaml}): the data in
     * {@code mount/stamp/}, {@code ..data -> stamp}, and each top-level name a link to {@code ..data/name}.
     */
    private static Path wholeTreeVolume(Path mount, String stamp, String role, String jwks) throws IOException {
        tree(mount.resolve(stamp), role, jwks);
        Files.createSymbolicLink(mount.resolve("..data"), Path.of(stamp));
        for (String top : new String[] {"issuers", "jwks", "roles"}) {
            Files.createSymbolicLink(mount.resolve(top), Path.of("..data", top));
        }
        return mount;
    }

    /** A flat directory turned into a ConfigMap volume of its own: its files moved into {@code stamp}, linked back by name. */
    private static void asVolume(Path dir, String stamp) throws IOException {
        Path data = Files.createDirectories(dir.resolve(stamp));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.move(f, data.resolve(f.getFileName()));
                Files.createSymbolicLink(f, Path.of("..data", f.getFileName().toString()));
            }
        }
        Files.createSymbolicLink(dir.resolve("..data"), Path.of(stamp));
    }

    /** kubelet's update: the new content in a new timestamped directory, then {@code ..data} replaced atomically. */
    private static void swap(Path mount, String stamp, String role, String jwks) throws IOException {
        Path old = Files.readSymbolicLink(mount.resolve("..data"));
        tree(mount.resolve(stamp), role, jwks);
        Files.createSymbolicLink(mount.resolve("..data_tmp"), Path.of(stamp));
        Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (Stream<Path> walk = Files.walk(mount.resolve(old))) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
