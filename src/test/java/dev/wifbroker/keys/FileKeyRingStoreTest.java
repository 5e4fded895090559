package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.testing.MutableClock;
import dev.wifbroker.testing.UnderBothProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileKeyRingStoreTest extends UnderBothProviders {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final KeyRingSettings settings = new KeyRingSettings(EnumSet.allOf(SigningAlgorithm.class), Duration.ofHours(24),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), 2048);

    @TempDir
    Path tmp;

    @Test
    void the_key_file_is_0600_in_a_0700_directory_and_no_temporary_file_remains() throws Exception {
        Path dir = tmp.resolve("keys");
        FileKeyRingStore store = new FileKeyRingStore(dir);
        KeyRing.open(settings, store, clock);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly(FileKeyRingStore.FILE_NAME);
        }
    }

    @Test
    void a_restarted_ring_on_the_same_directory_has_the_same_keys_and_signs_with_the_same_kid() throws Exception {
        Path dir = tmp.resolve("keys");
        KeyRing first = KeyRing.open(settings, new FileKeyRingStore(dir), clock);
        clock.advance(Duration.ofHours(23));
        first.rotate();
        List<String> kids = first.snapshot().keys().stream().map(ManagedKey::kid).toList();
        assertThat(kids).hasSize(6);
        String token = new JwtSigner(first, clock).sign(Map.of(), Map.of("exp", clock.instant().getEpochSecond() + 60),
                SigningAlgorithm.RS256).compact();

        KeyRing restarted = KeyRing.open(settings, new FileKeyRingStore(dir), clock);

        assertThat(restarted.snapshot().keys()).extracting(ManagedKey::kid).containsExactlyElementsOf(kids);
        assertThat(restarted.snapshot().keys()).extracting(ManagedKey::phase)
                .containsExactlyElementsOf(first.snapshot().keys().stream().map(ManagedKey::phase).toList());
        assertThat(restarted.snapshot().jwksText()).isEqualTo(first.snapshot().jwksText());
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            assertThat(restarted.snapshot().active(alg).orElseThrow().kid()).isEqualTo(first.snapshot().active(alg).orElseThrow().kid());
        }
        assertThat(JwksVerifier.signatureVerifies(token, restarted.snapshot().jwksText())).isTrue();
        String afterRestart = new JwtSigner(restarted, clock).sign(Map.of(), Map.of("exp", clock.instant().getEpochSecond() + 60),
                SigningAlgorithm.ES256).compact();
        assertThat(JwksVerifier.signatureVerifies(afterRestart, first.snapshot().jwksText()))
                .as("the reloaded private key is the one published before the restart").isTrue();
    }

    @Test
    void a_write_replaces_the_file_rather_than_rewriting_it_in_place() throws Exception {
        FileKeyRingStore store = new FileKeyRingStore(tmp);
        KeyRing ring = KeyRing.open(settings, store, clock);
        Object inodeBefore = Files.getAttribute(store.file(), "unix:ino");

        clock.advance(Duration.ofHours(23));
        assertThat(ring.rotate()).isTrue();

        // A rename gives the path a new inode; an in-place write (which a crash could leave half done) keeps it.
        assertThat(Files.getAttribute(store.file(), "unix:ino")).isNotEqualTo(inodeBefore);
        assertThat(new FileKeyRingStore(tmp).load()).hasSize(6);
    }

    @Test
    void a_key_file_readable_by_others_is_refused() throws Exception {
        FileKeyRingStore store = new FileKeyRingStore(tmp);
        KeyRing.open(settings, store, clock);
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("accessible to other users").hasMessageContaining("chmod 600");
    }

    @Test
    void a_stored_kid_that_does_not_match_its_key_is_refused() throws Exception {
        FileKeyRingStore store = new FileKeyRingStore(tmp);
        KeyRing ring = KeyRing.open(settings, store, clock);
        String kid = ring.snapshot().active(SigningAlgorithm.ES256).orElseThrow().kid();
        Files.writeString(store.file(), Files.readString(store.file()).replaceFirst("\"kid\" : \"" + kid + "\"", "\"kid\" : \"forged\""));

        assertThatThrownBy(store::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("thumbprint");
    }

    @Test
    void an_absent_file_is_an_empty_ring_and_the_directory_is_created_on_first_save() {
        Path dir = tmp.resolve("a/b");
        FileKeyRingStore store = new FileKeyRingStore(dir);
        assertThat(store.load()).isEmpty();
        assertThat(dir).doesNotExist();

        KeyRing.open(settings, store, clock);

        assertThat(store.file()).exists();
    }
}
