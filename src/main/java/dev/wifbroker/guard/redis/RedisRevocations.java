package dev.wifbroker.guard.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.RevocationStore;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.guard.StoreUnavailableException;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Revocations in one Redis hash (field {@code kind:value}, value the JSON revocation; expiry carried in the
 * value and pruned on read) plus a version counter. Each write bumps the version and publishes it; every
 * replica reloads its {@link Revocations} snapshot on that message and polls the version every
 * {@code poll} in case a message was lost, so a revocation reaches all replicas well within a second.
 */
public final class RedisRevocations implements RevocationStore, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RedisRevocations.class);
    static final String HASH = "{wif}:revocations";
    static final String VERSION = "{wif}:revocations:version";
    static final String CHANNEL = "{wif}:revocations:changed";
    private static final String SAVE = "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) "
            + "local v = redis.call('INCR', KEYS[2]) redis.call('PUBLISH', ARGV[3], v) return v";
    private static final String DELETE = "local n = redis.call('HDEL', KEYS[1], ARGV[1]) "
            + "local v = redis.call('INCR', KEYS[2]) redis.call('PUBLISH', ARGV[2], v) return n";
    private static final String SAVE_SHA = RedisCalls.sha1(SAVE);
    private static final String DELETE_SHA = RedisCalls.sha1(DELETE);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RedisCalls calls;
    private final Clock clock;
    private final Duration poll;
    private final ScheduledExecutorService sync = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wif-revocation-sync");
        t.setDaemon(true);
        return t;
    });
    private Revocations snapshot;
    private volatile RedisConnection subscriber;
    private String knownVersion;

    public RedisRevocations(RedisCalls calls, Clock clock, Duration poll) {
        this.calls = calls;
        this.clock = clock;
        this.poll = poll;
    }

    /** Starts keeping {@code target} in sync: a first load (now, so a starting replica serves current revocations), the subscription, and the poll fallback. */
    public void attach(Revocations target) {
        this.snapshot = target;
        refreshQuietly();
        subscribe();
        sync.scheduleWithFixedDelay(this::tick, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void save(Revocation r) {
        calls.script(SAVE, SAVE_SHA, List.of(HASH, VERSION), List.of(Revocations.key(r.kind(), r.value()), encode(r), CHANNEL));
    }

    @Override
    public boolean delete(Revocation.Kind kind, String value) {
        Response n = calls.script(DELETE, DELETE_SHA, List.of(HASH, VERSION), List.of(Revocations.key(kind, value), CHANNEL));
        return n.toInteger() > 0;
    }

    /** Reads the version and, when it moved, the whole hash into the snapshot. */
    public synchronized void refresh() {
        Instant readAt = clock.instant();
        String version = String.valueOf(calls.send(Request.cmd(Command.GET).arg(VERSION)));
        if (version.equals(knownVersion)) {
            snapshot.markSynced(readAt);
            return;
        }
        List<Response> both = calls.batch(List.of(Request.cmd(Command.GET).arg(VERSION), Request.cmd(Command.HVALS).arg(HASH)));
        List<Revocation> live = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        for (Response value : both.get(1)) {
            Revocation r = decode(value.toString());
            if (r == null) {
                continue;
            }
            if (r.expiresAt() != null && r.expiresAt().isBefore(readAt)) {
                expired.add(Revocations.key(r.kind(), r.value()));
            } else {
                live.add(r);
            }
        }
        snapshot.replaceAll(live, readAt);
        knownVersion = String.valueOf(both.get(0));
        if (!expired.isEmpty()) {
            Request hdel = Request.cmd(Command.HDEL).arg(HASH);
            expired.forEach(hdel::arg);
            calls.send(hdel);
        }
    }

    private void tick() {
        if (subscriber == null) {
            subscribe();
        }
        refreshQuietly();
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (StoreUnavailableException e) {
            LOG.debugf("revocation sync: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf("revocation sync failed: %s", e.toString());
        }
    }

    /**
     * Each attempt's connection is closed unless it becomes the subscriber, also one that arrives after the
     * timeout: a retry every poll must not lease the client's pool away.
     */
    private void subscribe() {
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicReference<RedisConnection> arrived = new AtomicReference<>();
        try {
            RedisConnection c = calls.client().connect().onItem().invoke(late -> {
                arrived.set(late);
                if (abandoned.get()) {
                    late.closeAndForget();
                }
            }).await().atMost(calls.timeout());
            c.handler(message -> sync.execute(this::refreshQuietly));
            c.exceptionHandler(e -> subscriber = null);
            c.endHandler(() -> subscriber = null);
            c.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).await().atMost(calls.timeout());
            subscriber = c;
        } catch (RuntimeException e) {
            abandoned.set(true);
            RedisConnection c = arrived.get();
            if (c != null) {
                c.closeAndForget();
            }
            LOG.debugf("revocation subscription: %s", RedisCalls.redacted(e.toString()));
        }
    }

    @Override
    public void close() {
        sync.shutdownNow();
        RedisConnection c = subscriber;
        if (c != null) {
            c.closeAndForget();
        }
    }

    private static String encode(Revocation r) {
        ObjectNode n = JSON.createObjectNode().put("kind", r.kind().id()).put("value", r.value()).put("reason", r.reason())
                .put("createdAt", r.createdAt().toString());
        n.put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString());
        return n.toString();
    }

    private static Revocation decode(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new Revocation(Revocation.Kind.parse(n.path("kind").asText()), n.path("value").asText(),
                    n.path("reason").asText(""), Instant.parse(n.path("createdAt").asText()),
                    n.hasNonNull("expiresAt") ? Instant.parse(n.get("expiresAt").asText()) : null);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring an unreadable revocation entry in Redis: %s", e.getClass().getSimpleName());
            return null;
        }
    }
}
