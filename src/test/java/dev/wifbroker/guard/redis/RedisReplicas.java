package dev.wifbroker.guard.redis;

import dev.wifbroker.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Separate Redis clients (own connection pools) on one server: each stands for one broker replica. */
public final class RedisReplicas implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(300);
    private final Vertx vertx = Vertx.vertx();
    private final List<Redis> clients = new ArrayList<>();
    private final RedisServer server;

    public RedisReplicas(RedisServer server) {
        this.server = server;
    }

    public RedisCalls calls() {
        return calls(TIMEOUT);
    }

    /** A replica whose calls wait up to {@code timeout}: for tests whose counts a slow shared CPU must not disturb. */
    public RedisCalls calls(Duration timeout) {
        Redis client = Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()).setMaxPoolSize(8)
                .setMaxPoolWaiting(64));
        clients.add(client);
        return new RedisCalls(client, timeout, Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        clients.forEach(Redis::close);
        vertx.closeAndAwait();
    }
}
