package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.impl.RedisURI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the ACL user and password from Secret-style files and handing them to the Vert.x Redis client. */
class RedisCredentialsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3cret", "s3cret\n", "s3cret\r\n", "s3cret\n\n"})
    void aPasswordFileIsReadWithoutItsTrailingLineBreak(String content) throws Exception {
        RedisCredentials c = RedisCredentials.read(Optional.of(file("user", "broker\n")), Optional.of(file("pw", content))).orElseThrow();
        assertThat(c.user()).isEqualTo("broker");
        assertThat(c.password()).isEqualTo("s3cret");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "empty file|is empty",
            "only a line break|is empty",
            "two lines|holds more than one line (it should hold the bare value)",
            "missing file|does not exist",
            "a directory|cannot be read (a directory)",
            "over 4 KB|is larger than 4096 bytes"})
    void aBadPasswordFileIsRefusedNamingTheSettingAndPathNotTheContent(String problem, String message) throws Exception {
        Path pw = switch (problem) {
            case "empty file" -> file("pw", "");
            case "only a line break" -> file("pw", "\n");
            case "two lines" -> file("pw", "first-secret\nsecond\n");
            case "missing file" -> dir.resolve("absent");
            case "a directory" -> Files.createDirectory(dir.resolve("pw.d"));
            default -> file("pw", "x".repeat(4097));
        };
        Path path = pw;
        assertThatThrownBy(() -> RedisCredentials.read(Optional.empty(), Optional.of(path)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("broker.redis.password-file: " + path.toAbsolutePath() + " " + message)
                .hasNoCause()
                .message().doesNotContain("secret");
    }

    @Test
    void aBadUsernameFileNamesItsOwnSetting() throws Exception {
        Path pw = file("pw", "secret");
        Path user = file("user", "\n");
        assertThatThrownBy(() -> RedisCredentials.read(Optional.of(user), Optional.of(pw)))
                .hasMessage("broker.redis.username-file: " + user.toAbsolutePath() + " is empty");
    }

    @Test
    void aUsernameWithoutAPasswordFileIsRefused() throws Exception {
        Path user = file("user", "broker");
        assertThatThrownBy(() -> RedisCredentials.read(Optional.of(user), Optional.empty()))
                .hasMessageContaining("broker.redis.username-file is set but broker.redis.password-file is not");
    }

    @Test
    void noFilesLeaveTheConnectionAsConfigured() {
        assertThat(RedisCredentials.read(Optional.empty(), Optional.empty())).isEmpty();
    }

    @Test
    void everyEndpointCarriesTheUserAndAnEncodedPasswordThatVertxDecodesBack() {
        RedisOptions options = new RedisOptions().setEndpoints(new java.util.ArrayList<>(java.util.List.of(
                "rediss://10.0.0.1:6380/0", "redis://[::1]:7000")));
        new RedisCredentials("wif broker", "p@ss:w/rd+%1 ").applyTo(options);
        for (String endpoint : options.getEndpoints()) {
            RedisURI parsed = new RedisURI(endpoint);
            assertThat(parsed.user()).isEqualTo("wif broker");
            assertThat(parsed.password()).isEqualTo("p@ss:w/rd+%1 ");
        }
        assertThat(new RedisURI(options.getEndpoints().get(0)).ssl()).isTrue();
        assertThat(new RedisURI(options.getEndpoints().get(0)).select()).isZero();
        assertThat(new RedisURI(options.getEndpoints().get(1)).socketAddress().port()).isEqualTo(7000);
    }

    @Test
    void aPasswordOnlyFileAuthenticatesTheDefaultUser() {
        RedisOptions options = new RedisOptions().setConnectionString("redis://127.0.0.1:6379");
        new RedisCredentials(null, "s3cret").applyTo(options);
        RedisURI parsed = new RedisURI(options.getEndpoint());
        assertThat(parsed.user()).isNull();
        assertThat(parsed.password()).isEqualTo("s3cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "credentials in the hosts URI|redis://other:pw@127.0.0.1:6379|quarkus.redis.hosts carries credentials too (redis://127.0.0.1:6379)",
            "quarkus.redis.password too|redis://127.0.0.1:6379|broker.redis.password-file and quarkus.redis.password are both set"})
    void twoSourcesOfCredentialsAreRefused(String name, String endpoint, String message) {
        RedisOptions options = new RedisOptions().setConnectionString(endpoint);
        if (name.startsWith("quarkus.redis.password")) {
            options.setPassword("elsewhere");
        }
        RedisCredentials c = new RedisCredentials("broker", "s3cret");
        assertThatThrownBy(() -> c.applyTo(options)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message)
                .message().doesNotContain("s3cret").doesNotContain(":pw@");
    }

    @Test
    void theCredentialsNeverPrintTheirPassword() {
        assertThat(new RedisCredentials("broker", "s3cret").toString()).contains("broker").doesNotContain("s3cret");
    }
}
