package dev.wifbroker.guard.redis;

import dev.wifbroker.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Separate Redis clients (own connection pools) on one server or cluster: each stands for one broker replica. */
public final class RedisReplicas implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMillis(300);
    private final Vertx vertx = Vertx.vertx();
    private final List<Redis> clients = new ArrayList<>();
    private final Supplier<RedisOptions> options;

    public RedisReplicas(RedisServer server) {
        this(() -> new RedisOptions().setConnectionString(server.uri()));
    }

    /** Clients built from {@code options} (a fresh instance per client), e.g. an ACL user, TLS or a cluster. */
    public RedisReplicas(Supplier<RedisOptions> options) {
        this.options = options;
    }

    public RedisCalls calls() {
        return calls(TIMEOUT);
    }

    public RedisCalls calls(Duration timeout) {
        return new RedisCalls(client(), timeout, Duration.ofSeconds(2));
    }

    public Redis client() {
        Redis client = Redis.createClient(vertx, options.get().setMaxPoolSize(8).setMaxPoolWaiting(64));
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(Redis::close);
        vertx.closeAndAwait();
    }
}
