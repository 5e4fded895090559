package dev.wifbroker.guard;

import java.time.Duration;
import java.util.Optional;

/** Token-bucket rate limits per workload identity and per role. */
public interface RateLimiter {

    /** Takes one permit for {@code key}; empty when allowed, otherwise how long to wait before retrying. */
    Optional<Duration> acquire(String key, Limit limit);

    /** A bucket: {@code ratePerSecond} sustained, bursts up to {@code burst}. */
    record Limit(double ratePerSecond, int burst) {
        public Limit {
            if (ratePerSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("rate must be positive and burst at least 1");
            }
        }
    }
}
