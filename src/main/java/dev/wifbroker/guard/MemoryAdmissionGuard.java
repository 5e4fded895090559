package dev.wifbroker.guard;

import java.util.Optional;

/** The single-node admission: the in-memory replay guard, then the in-memory buckets. */
public final class MemoryAdmissionGuard implements AdmissionGuard {
    private final ReplayGuard replay;
    private final RateLimiter limiter;

    public MemoryAdmissionGuard(ReplayGuard replay, RateLimiter limiter) {
        this.replay = replay;
        this.limiter = limiter;
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
        for (Bucket bucket : request.buckets()) {
            Optional<java.time.Duration> wait = limiter.acquire(bucket.key(), bucket.limit());
            if (wait.isPresent()) {
                return Verdict.limited(wait.get());
            }
        }
        return Verdict.ADMITTED;
    }
}
