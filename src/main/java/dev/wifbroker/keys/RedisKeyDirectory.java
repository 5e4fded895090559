package dev.wifbroker.keys;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import dev.wifbroker.redis.RedisHashes;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The key directory in one Redis hash ({@value #KEY}, field = kid, value = {@link ClusterKeyEntry} JSON).
 * One key, so it works unchanged on Redis Cluster and Valkey; expiry is in each value and enforced by the
 * readers (per-field TTLs need Redis 7.4, and a whole-key TTL would let one replica expire another's keys).
 * Each call is one command bounded by {@code timeout}; only the background refresh calls it, never a request.
 */
public final class RedisKeyDirectory implements KeyDirectory {
    static final String KEY = "{wif}:keys";

    private final Redis redis;
    private final Duration timeout;

    public RedisKeyDirectory(Redis redis, Duration timeout) {
        this.redis = redis;
        this.timeout = timeout;
    }

    @Override
    public Map<String, String> readAll() {
        return RedisHashes.fields(send(Request.cmd(Command.HGETALL).arg(KEY)));
    }

    @Override
    public void write(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Request hset = Request.cmd(Command.HSET).arg(KEY);
        entries.forEach((kid, json) -> hset.arg(kid).arg(json));
        send(hset);
    }

    @Override
    public void remove(Collection<String> kids) {
        if (kids.isEmpty()) {
            return;
        }
        Request hdel = Request.cmd(Command.HDEL).arg(KEY);
        kids.forEach(hdel::arg);
        send(hdel);
    }


    private Response send(Request request) {
        return redis.send(request).await().atMost(timeout);
    }
}
