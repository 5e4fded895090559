package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.testing.RedisServer;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker's Redis code as a least-privilege ACL user, the {@code default} user switched off, with the
 * credentials read from Secret-style files: everything works with the right password, nothing with a wrong one.
 */
class RedisAclTest {
    static final String PASSWORD = "p@ss:w/rd+%1";
    private static RedisServer server;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>(List.of("--user", "default", "off"));
        args.addAll(RedisServer.aclUser("broker", PASSWORD, RedisServer.BROKER_ACL));
        server = RedisServer.start(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RedisReplicas replicas(Path dir, String user, String passwordFileContent) throws Exception {
        Path userFile = Files.writeString(dir.resolve("username"), user + "\n");
        Path passwordFile = Files.writeString(dir.resolve("password"), passwordFileContent);
        RedisCredentials credentials = RedisCredentials.read(Optional.of(userFile), Optional.of(passwordFile)).orElseThrow();
        return new RedisReplicas(() -> {
            RedisOptions options = new RedisOptions().setConnectionString(server.uri());
            credentials.applyTo(options);
            return options;
        });
    }

    @Test
    void theBrokersAclUserFromFilesRunsEveryBrokerOperation(@TempDir Path dir) throws Exception {
        try (RedisReplicas replicas = replicas(dir, "broker", PASSWORD + "\n")) {
            long millis = RedisStateConformance.assertBrokerStateWorks(replicas);
            System.out.printf("acl user: revocation reached the other replica in %d ms%n", millis);
        }
    }

    @Test
    void theAclUserReachesNoKeyOutsideTheBrokersHashTag(@TempDir Path dir) throws Exception {
        try (RedisReplicas replicas = replicas(dir, "broker", PASSWORD)) {
            RedisCalls calls = replicas.calls(RedisStateConformance.TIMEOUT);
            assertThatThrownBy(() -> calls.send(Request.cmd(Command.SET).arg("session:42").arg("x")))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("NOPERM");
            assertThatThrownBy(() -> calls.send(Request.cmd(Command.FLUSHALL)))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("NOPERM");
        }
    }

    @Test
    void aWrongPasswordIsStoreUnavailableAndNeverEchoesThePassword(@TempDir Path dir) throws Exception {
        try (RedisReplicas replicas = replicas(dir, "broker", "not-" + PASSWORD)) {
            RedisCalls calls = replicas.calls(RedisStateConformance.TIMEOUT);
            assertThat(calls.problem()).contains("WRONGPASS").doesNotContain(PASSWORD);
            RedisAdmissionGuard guard = new RedisAdmissionGuard(calls, java.time.Clock.systemUTC(), 60);
            assertThatThrownBy(() -> guard.acquire("id|x", new dev.wifbroker.guard.RateLimiter.Limit(1, 1)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .satisfies(e -> assertThat(((StoreUnavailableException) e).retryAfter()).hasSeconds(2))
                    .message().doesNotContain(PASSWORD);
        }
    }

    @Test
    void withoutCredentialsTheDisabledDefaultUserGetsNothing() {
        try (RedisReplicas replicas = new RedisReplicas(server)) {
            assertThat(replicas.calls(RedisStateConformance.TIMEOUT).problem()).containsAnyOf("NOAUTH", "WRONGPASS", "NOPERM");
        }
    }
}
