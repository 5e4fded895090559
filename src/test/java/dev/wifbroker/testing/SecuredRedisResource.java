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
 * A redis-server as production should run it: TLS only (a CA made at test time, trusted through the Quarkus
 * TLS registry with the host name checked), the {@code default} user off, the broker's least-privilege ACL
 * user, whose name and password the broker reads from Secret-style files (each ending in a line break).
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
            TestCa ca = TestCa.create("wif-test-redis-ca");
            server = RedisServer.startTls(ca.issue("redis", "ip:127.0.0.1,dns:localhost"), args.toArray(String[]::new))
                    .cliOptions("--tls", "--cacert", ca.certificate().toString(), "--user", "admin", "--pass", ADMIN_PASSWORD);
            return Map.of("broker.state", "redis", "quarkus.redis.hosts", server.uri(),
                    "broker.redis.username-file", user.toString(), "broker.redis.password-file", password.toString(),
                    "quarkus.redis.tls-configuration-name", "redis",
                    "quarkus.tls.redis.trust-store.pem.certs", ca.certificate().toString(),
                    "quarkus.tls.redis.hostname-verification-algorithm", "HTTPS");
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
