package dev.wifbroker.credential.shared;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.guard.redis.RedisCalls;
import dev.wifbroker.guard.redis.RedisReplicas;
import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.testing.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real redis-server and any number of replicas on it, each with its own Redis client, its own X25519 key and
 * its own local cache in front of its own shared tier: the clustered credential path without Quarkus.
 */
final class SharedTierFixture implements AutoCloseable {
    static final Duration MARGIN = Duration.ofMinutes(5);
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SESSION = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENsharedtier";
    static final AwsTarget AWS = new AwsTarget("arn:aws:iam::123456789012:role/deploy", Duration.ofMinutes(15),
            Optional.empty(), Optional.empty(), List.of(), Map.of());

    final RedisServer server = RedisServer.start();
    final RedisReplicas clients = new RedisReplicas(server);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RedisCalls admin = warm(clients.calls(Duration.ofSeconds(2)));

    /** A replica: its tier (own key pair, own client) behind its own local single-flight cache. */
    record Replica(SharedCredentialTier tier, CredentialCache cache, ReplicaKey key) {
        IssuedCredential get(CredentialCache.Key k, CredentialCache.Minter minter) throws Exception {
            return cache.get(k, minter);
        }
    }

    static SharedTierSettings settings(Duration lease) {
        return new SharedTierSettings(lease, Duration.ofMillis(50), Duration.ofSeconds(5), MARGIN, Duration.ofSeconds(60), 64);
    }

    Replica replica(SharedTierSettings settings, Clock clock) {
        ReplicaKey key = ReplicaKey.generate();
        SharedCredentialTier tier = new SharedCredentialTier(new RedisCredentialStore(warm(clients.calls(Duration.ofSeconds(2)))),
                key, clock, settings, meters);
        return new Replica(tier, new CredentialCache(clock, 100, MARGIN, Duration.ofSeconds(30), tier), key);
    }

    /** Several replicas that know each other as recipients, as after one refresh round. */
    List<Replica> replicas(int n, SharedTierSettings settings) {
        List<Replica> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(replica(settings, Clock.systemUTC()));
        }
        out.forEach(r -> r.tier().refreshRecipients());
        out.forEach(r -> r.tier().refreshRecipients());
        return out;
    }

    /** A key of its own per call, so no test reads another's entry. */
    static CredentialCache.Key key() {
        return new CredentialCache.Key("deploy", AWS, "github", "https://token.actions.githubusercontent.com",
                "repo:octo/" + UUID.randomUUID() + ":ref:refs/heads/main", Map.of("actor", "octocat"), List.of(), null);
    }

    static IssuedCredential session(Instant expiresAt) {
        return new IssuedCredential.AwsSession("ASIA" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                .toUpperCase(java.util.Locale.ROOT), SECRET, SESSION, expiresAt, "arn:aws:sts::123456789012:assumed-role/deploy/s");
    }

    /** A minter that counts its calls and answers a fresh one-hour session after {@code delay}. */
    static CredentialCache.Minter counting(AtomicInteger calls, Duration delay) {
        return () -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return session(Instant.now().plus(Duration.ofHours(1)));
        };
    }

    Response redis(Request request) {
        return admin.send(request);
    }

    void flush() {
        if (!server.running()) {
            server.restart();
        }
        for (int attempt = 0; ; attempt++) {
            try {
                redis(Request.cmd(Command.FLUSHALL));
                return;
            } catch (StoreUnavailableException e) {
                if (attempt == 50) {
                    throw e;
                }
            }
        }
    }

    /** Every key in Redis (SCAN, not KEYS). */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            Response r = redis(Request.cmd(Command.SCAN).arg(cursor).arg("COUNT").arg(1000));
            cursor = r.get(0).toString();
            r.get(1).forEach(k -> keys.add(k.toString()));
        } while (!cursor.equals("0"));
        return keys;
    }

    Map<String, String> hash(String key) {
        Response r = redis(Request.cmd(Command.HGETALL).arg(key));
        Map<String, String> out = new HashMap<>();
        if (r == null) {
            return out;
        }
        try {
            for (String field : r.getKeys()) {
                out.put(field, r.get(field).toString());
            }
        } catch (RuntimeException resp2) {
            for (int i = 0; i + 1 < r.size(); i += 2) {
                out.put(r.get(i).toString(), r.get(i + 1).toString());
            }
        }
        return out;
    }

    long outcome(String name) {
        var counter = meters.find("broker.credential.shared").tag("outcome", name).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private static RedisCalls warm(RedisCalls calls) {
        for (int attempt = 0; ; attempt++) {
            try {
                calls.send(Request.cmd(Command.PING));
                return calls;
            } catch (StoreUnavailableException e) {
                if (attempt == 50) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        clients.close();
        server.close();
    }
}
