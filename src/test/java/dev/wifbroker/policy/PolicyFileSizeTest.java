package dev.wifbroker.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.wifbroker.policy.support.PolicyDir;
import dev.wifbroker.policy.testing.PolicyTestRunner;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.YamlFile;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Policy files are read only up to a size: the YAML reader's code-point limit applies to text already in memory,
 * so a 200 MB role file took 231 s and then exhausted a 512 MB heap.
 */
class PolicyFileSizeTest {
    @TempDir
    Path tmp;

    /** A sparse file: 2 GB long on disk at no cost, all zeros. */
    private static void huge(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(2L * 1024 * 1024 * 1024);
        }
    }

    @ParameterizedTest(name = "a 2 GB {0} is refused unread")
    @ValueSource(strings = {"roles/huge.yaml", "issuers/huge.yaml"})
    void an_oversized_policy_file_is_refused_by_name_without_reading_it(String relative) throws Exception {
        Path dir = PolicyDir.withSampleIssuers(tmp).path();
        huge(dir.resolve(relative));
        PolicyLoader.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PolicyLoader.load(dir));
        assertThat(result.set()).isEmpty();
        assertThat(result.problems()).anySatisfy(p -> {
            assertThat(p.toString()).startsWith(relative + ":1:1: error: cannot read file");
            assertThat(p.message()).contains("larger than 4,000,000 bytes");
        });
    }

    @Test
    void an_oversized_test_file_is_refused_by_name() throws Exception {
        Path dir = PolicyDir.withSampleIssuers(tmp).path();
        huge(dir.resolve("tests/huge.yaml"));
        PolicyTestRunner.Suite suite = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PolicyTestRunner.load(dir));
        assertThat(suite.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("larger than 4,000,000 bytes"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void a_jwks_file_naming_an_endless_device_is_refused() {
        Path dir = PolicyDir.withSampleIssuers(tmp).write("issuers/k.yaml",
                "name: k\nprofile: kubernetes\nurl: https://k8s.internal\naudiences: [b]\njwks: {file: /dev/zero}\n").path();
        PolicyLoader.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PolicyLoader.load(dir));
        assertThat(result.set()).isEmpty();
        assertThat(result.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("cannot read jwks.file '/dev/zero'"));
    }

    @Test
    void a_file_at_the_limit_is_read_and_invalid_utf8_is_still_refused() throws Exception {
        Path file = tmp.resolve("ok.yaml");
        Files.writeString(file, "a".repeat(YamlFile.MAX_FILE_BYTES));
        assertThat(YamlFile.read(file)).hasSize(YamlFile.MAX_FILE_BYTES);
        Files.write(file, new byte[] {'a', (byte) 0xC3});
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> YamlFile.read(file)).isInstanceOf(java.io.IOException.class);
    }
}
