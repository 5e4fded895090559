package dev.wifbroker.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A redis-server as production should run it: the {@code default} user off, the broker's least-privilege
 * ACL user, whose name and password the broker reads from Secret-style files (each ending in a line break).
 * An {@code admin} user lets the test rotate the broker's password behind its back.
 */
public class SecuredRedisResource implements QuarkusTestResourceLifecycleManager {
    public static final String PASSWORD = "Rotate+me:now/1";
    private static final String ADMIN_PASSWORD = "admin-only";
    private static RedisServer server;

    public static RedisServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        try {
            Path secret = Files.createTempDirectory("wif-redis-secret");
            Path user = Files.writeString(secret.resolve("username"), "broker\n");
            Path password = Files.writeString(secret.resolve("password"), PASSWORD + "\n");
            List<String> args = new ArrayList<>(List.of("--user", "default", "off"));
            args.addAll(RedisServer.aclUser("admin", ADMIN_PASSWORD, "~* &* +@all"));
            args.addAll(RedisServer.aclUser("broker", PASSWORD, RedisServer.BROKER_ACL));
            server = RedisServer.start(args.toArray(String[]::new)).cliOptions("--user", "admin", "--pass", ADMIN_PASSWORD);
            return Map.of("broker.state", "redis", "quarkus.redis.hosts", server.uri(),
                    "broker.redis.username-file", user.toString(), "broker.redis.password-file", password.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
