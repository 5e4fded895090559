package dev.wifbroker.credential.shared;

import dev.wifbroker.guard.redis.RedisCalls;
import io.vertx.mutiny.redis.client.Command;
import dev.wifbroker.redis.RedisHashes;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared store in Redis: entry {@code {wif}:cred:<digest>} is a hash (field = recipient kid, value = compact
 * JWE) expiring with the credential; its lease {@code {wif}:cred:<digest>:lease} a string holding the holder's
 * random token; the recipients one hash {@value #RECIPIENTS} with the expiry inside each value (as the key
 * directory). Every key carries the {@code {wif}} hash tag, so the two-key scripts run on a Redis Cluster. Scripts go
 * through {@link RedisCalls#script} (EVALSHA, EVAL after NOSCRIPT), each call bounded by {@code broker.redis.timeout}.
 */
final class RedisCredentialStore implements SharedCredentialStore {
    static final String PREFIX = "{wif}:cred:";
    static final String RECIPIENTS = "{wif}:cred-recipients";
    static final String LOOKUP = """
            local sealed = redis.call('HGET', KEYS[1], ARGV[1])
            if sealed and sealed ~= ARGV[2] then
              return {1, sealed}
            end
            if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', tonumber(ARGV[4])) then
              return {2, ''}
            end
            local ttl = redis.call('PTTL', KEYS[2])
            if ttl == -1 then
              -- a lease without expiry (not written by a replica) would block the key for good
              redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
              ttl = tonumber(ARGV[4])
            end
            return {3, tostring(ttl)}
            """;
    /** Fenced by the lease: a holder that stalled past it while another replica took over writes nothing. */
    static final String STORE = """
            local holder = redis.call('GET', KEYS[2])
            if holder and holder ~= ARGV[1] then
              return 0
            end
            redis.call('DEL', KEYS[1])
            if #ARGV > 2 then
              redis.call('HSET', KEYS[1], unpack(ARGV, 3))
              redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
            end
            if holder then
              redis.call('DEL', KEYS[2])
            end
            return 1
            """;
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    private static final String LOOKUP_SHA = RedisCalls.sha1(LOOKUP);
    private static final String STORE_SHA = RedisCalls.sha1(STORE);
    private static final String RELEASE_SHA = RedisCalls.sha1(RELEASE);

    private final RedisCalls calls;

    RedisCredentialStore(RedisCalls calls) {
        this.calls = calls;
    }

    static String entryKey(String digest) {
        return PREFIX + digest;
    }

    static String leaseKey(String digest) {
        return PREFIX + digest + ":lease";
    }

    @Override
    public Lookup lookup(String digest, String recipient, String skip, String leaseToken, Duration lease) {
        Response r = calls.script(LOOKUP, LOOKUP_SHA, List.of(entryKey(digest), leaseKey(digest)),
                List.of(recipient, skip == null ? "" : skip, leaseToken, String.valueOf(lease.toMillis())));
        return switch (r.get(0).toInteger()) {
            case 1 -> new Sealed(r.get(1).toString());
            case 2 -> new Acquired();
            default -> new Held(Duration.ofMillis(Math.max(0, Long.parseLong(r.get(1).toString()))));
        };
    }

    @Override
    public void store(String digest, Map<String, String> sealed, Duration ttl, String leaseToken) {
        List<String> args = new ArrayList<>(2 + 2 * sealed.size());
        args.add(leaseToken);
        args.add(String.valueOf(ttl.toMillis()));
        sealed.forEach((kid, value) -> {
            args.add(kid);
            args.add(value);
        });
        calls.script(STORE, STORE_SHA, List.of(entryKey(digest), leaseKey(digest)), args);
    }

    @Override
    public void release(String digest, String leaseToken) {
        calls.script(RELEASE, RELEASE_SHA, List.of(leaseKey(digest)), List.of(leaseToken));
    }

    @Override
    public Map<String, String> recipients() {
        return RedisHashes.fields(calls.send(Request.cmd(Command.HGETALL).arg(RECIPIENTS)));
    }

    @Override
    public void publishRecipient(String kid, String json) {
        calls.send(Request.cmd(Command.HSET).arg(RECIPIENTS).arg(kid).arg(json));
    }

    @Override
    public void removeRecipients(Collection<String> kids) {
        if (kids.isEmpty()) {
            return;
        }
        Request hdel = Request.cmd(Command.HDEL).arg(RECIPIENTS);
        kids.forEach(hdel::arg);
        calls.send(hdel);
    }

}
