package dev.wifbroker.guard;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory replay memory. Entries live until the token's own expiry plus skew, then are purged.
 * It never evicts a live entry to make room: when full it refuses new ids (fail closed), because
 * forgetting an id early would let that token be replayed.
 */
public final class MemoryReplayGuard implements ReplayGuard {
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int capacity;
    private final long skewSeconds;

    public MemoryReplayGuard(Clock clock, int capacity, long skewSeconds) {
        this.clock = clock;
        this.capacity = capacity;
        this.skewSeconds = skewSeconds;
    }

    @Override
    public Use use(String issuer, String jti, Instant expiresAt) {
        long now = clock.instant().getEpochSecond();
        if (seen.size() >= capacity) {
            purge();
            if (seen.size() >= capacity) {
                return Use.UNAVAILABLE;
            }
        }
        long until = expiresAt.getEpochSecond() + skewSeconds;
        String key = issuer + '\n' + jti;
        Long previous = seen.putIfAbsent(key, until);
        if (previous == null) {
            return Use.FIRST;
        }
        if (previous < now && seen.replace(key, previous, until)) {
            return Use.FIRST;
        }
        return Use.REPLAY;
    }

    /** Undoes this caller's {@link #use} of an id whose exchange was refused afterwards (rate limited). */
    public void forget(String issuer, String jti, Instant expiresAt) {
        seen.remove(issuer + '\n' + jti, expiresAt.getEpochSecond() + skewSeconds);
    }

    /** Drops entries whose tokens can no longer verify. */
    public void purge() {
        long now = clock.instant().getEpochSecond();
        seen.values().removeIf(until -> until < now);
    }

    public int size() {
        return seen.size();
    }
}
