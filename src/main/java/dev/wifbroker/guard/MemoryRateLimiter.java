package dev.wifbroker.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * In-memory token buckets. Idle buckets expire (a full bucket carries no state worth keeping), and
 * the number of buckets is bounded so a flood of identities cannot exhaust memory.
 */
public final class MemoryRateLimiter implements RateLimiter {
    private final Cache<String, Bucket> buckets;
    private final Clock clock;

    public MemoryRateLimiter(Clock clock, int maxBuckets) {
        this.clock = clock;
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets).expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    @Override
    public Optional<Duration> acquire(String key, Limit limit) {
        long nowNanos = clock.millis() * 1_000_000L;
        Bucket bucket = buckets.get(key, k -> new Bucket(limit.burst(), nowNanos));
        return bucket.take(limit, nowNanos);
    }

    /** Gives back a permit taken for an exchange that another bucket refused. */
    public void refund(String key, Limit limit) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.refund(limit);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long nowNanos) {
            this.tokens = tokens;
            this.updatedNanos = nowNanos;
        }

        synchronized Optional<Duration> take(Limit limit, long nowNanos) {
            double elapsed = Math.max(0, nowNanos - updatedNanos) / 1e9;
            tokens = Math.min(limit.burst(), tokens + elapsed * limit.ratePerSecond());
            updatedNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            double wait = (1 - tokens) / limit.ratePerSecond();
            return Optional.of(Duration.ofMillis((long) Math.ceil(wait * 1000)));
        }

        synchronized void refund(Limit limit) {
            tokens = Math.min(limit.burst(), tokens + 1);
        }
    }
}
