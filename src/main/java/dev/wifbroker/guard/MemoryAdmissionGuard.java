package dev.wifbroker.guard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The single-node admission: the in-memory replay guard, then the in-memory buckets. A refused exchange gives
 * back what it took (its one-time id, the tokens of the buckets that passed), as the clustered script does, so
 * a caller told to retry after {@code Retry-After} can retry with the same token.
 */
public final class MemoryAdmissionGuard implements AdmissionGuard {
    private final MemoryReplayGuard replay;
    private final MemoryRateLimiter limiter;

    public MemoryAdmissionGuard(MemoryReplayGuard replay, MemoryRateLimiter limiter) {
        this.replay = replay;
        this.limiter = limiter;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public Verdict admit(Request request) {
        OneTimeId id = request.oneTimeId();
        if (id != null) {
            ReplayGuard.Use use = replay.use(id.issuer(), id.jti(), id.expiresAt());
            if (use == ReplayGuard.Use.REPLAY) {
                return Verdict.REPLAYED;
            }
            if (use == ReplayGuard.Use.UNAVAILABLE) {
                return Verdict.MEMORY_FULL;
            }
        }
        List<Bucket> taken = new ArrayList<>();
        for (Bucket bucket : request.buckets()) {
            Optional<Duration> wait = limiter.acquire(bucket.key(), bucket.limit());
            if (wait.isPresent()) {
                taken.forEach(b -> limiter.refund(b.key(), b.limit()));
                if (id != null) {
                    replay.forget(id.issuer(), id.jti(), id.expiresAt());
                }
                return Verdict.limited(wait.get());
            }
            taken.add(bucket);
        }
        return Verdict.ADMITTED;
    }
}
