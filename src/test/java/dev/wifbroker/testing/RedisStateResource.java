package dev.wifbroker.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real redis-server for a broker under test in clustered mode ({@code broker.state=redis}). */
public class RedisStateResource implements QuarkusTestResourceLifecycleManager {
    private static RedisServer server;

    public static RedisServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = RedisServer.start();
        return Map.of("broker.state", "redis", "quarkus.redis.hosts", server.uri());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
