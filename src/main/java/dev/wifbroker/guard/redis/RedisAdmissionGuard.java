package dev.wifbroker.guard.redis;

import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.RateLimiter;
import dev.wifbroker.guard.ReplayGuard;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cluster-wide admission in ONE round trip: a Lua script (EVALSHA) checks the one-time id and every bucket,
 * and only if all pass records the id ({@code SET PX}) and takes one token from each bucket, atomically, on Redis' own clock so replicas'
 * clocks do not matter. Keys carry the {@code {wif}} hash tag so a Redis Cluster keeps them in one slot,
 * and hold only SHA-256 digests of ids, never raw values. Hand-written script: Bucket4j's Redis backends
 * need Lettuce/Redisson/Jedis and cannot share the replay write's round trip.
 */
public final class RedisAdmissionGuard implements AdmissionGuard, ReplayGuard, RateLimiter {
    static final String REPLAY_PREFIX = "{wif}:replay:";
    static final String BUCKET_PREFIX = "{wif}:bucket:";
    private static final String NO_REPLAY_KEY = "{wif}:replay:none";
    /** Reads first, writes only on admission: a refused exchange neither uses up its one-time id nor a bucket's token. */
    static final String SCRIPT = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local ttl = tonumber(ARGV[1])
            if ttl > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
              return {1, 0}
            end
            local left = {}
            local wait = 0
            for i = 2, #KEYS do
              local rate = tonumber(ARGV[2 * i - 2])
              local burst = tonumber(ARGV[2 * i - 1])
              local b = redis.call('HMGET', KEYS[i], 'tokens', 'at')
              local tokens = tonumber(b[1]) or burst
              local at = tonumber(b[2]) or now
              tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
              if tokens < 1 then
                wait = math.max(wait, math.ceil((1 - tokens) * 1000 / rate))
              end
              left[i] = tokens
            end
            if wait > 0 then
              return {2, wait}
            end
            if ttl > 0 then
              redis.call('SET', KEYS[1], '1', 'PX', ttl)
            end
            for i = 2, #KEYS do
              local rate = tonumber(ARGV[2 * i - 2])
              local burst = tonumber(ARGV[2 * i - 1])
              redis.call('HSET', KEYS[i], 'tokens', tostring(left[i] - 1), 'at', tostring(now))
              redis.call('PEXPIRE', KEYS[i], math.ceil(burst * 1000 / rate) + 1000)
            end
            return {0, 0}
            """;
    private static final String SHA = RedisCalls.sha1(SCRIPT);

    private final RedisCalls calls;
    private final Clock clock;
    private final long skewSeconds;

    public RedisAdmissionGuard(RedisCalls calls, Clock clock, long skewSeconds) {
        this.calls = calls;
        this.clock = clock;
        this.skewSeconds = skewSeconds;
    }

    @Override
    public Verdict admit(Request request) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        OneTimeId id = request.oneTimeId();
        if (id == null) {
            keys.add(NO_REPLAY_KEY);
            args.add("0");
        } else {
            keys.add(REPLAY_PREFIX + RedisCalls.sha256(id.issuer() + "|" + id.jti()));
            long remaining = id.expiresAt().plusSeconds(skewSeconds).toEpochMilli() - clock.millis();
            args.add(String.valueOf(Math.max(1000, remaining)));
        }
        for (Bucket b : request.buckets()) {
            keys.add(BUCKET_PREFIX + RedisCalls.sha256(b.key()));
            args.add(String.valueOf(b.limit().ratePerSecond()));
            args.add(String.valueOf(b.limit().burst()));
        }
        Response r = calls.script(SCRIPT, SHA, keys, args);
        return switch (r.get(0).toInteger()) {
            case 0 -> Verdict.ADMITTED;
            case 1 -> Verdict.REPLAYED;
            default -> Verdict.limited(Duration.ofMillis(r.get(1).toLong()));
        };
    }

    @Override
    public Use use(String issuer, String jti, Instant expiresAt) {
        Verdict v = admit(new Request(new OneTimeId(issuer, jti, expiresAt), List.of()));
        return v.outcome() == Outcome.ADMITTED ? Use.FIRST : Use.REPLAY;
    }

    @Override
    public Optional<Duration> acquire(String key, Limit limit) {
        Verdict v = admit(new Request(null, List.of(new Bucket(key, limit))));
        return Optional.ofNullable(v.retryAfter());
    }
}
