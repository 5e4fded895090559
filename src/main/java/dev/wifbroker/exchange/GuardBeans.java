package dev.wifbroker.exchange;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.guard.MemoryRateLimiter;
import dev.wifbroker.guard.MemoryReplayGuard;
import dev.wifbroker.guard.RateLimiter;
import dev.wifbroker.guard.ReplayGuard;
import dev.wifbroker.guard.Revocations;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/** CDI wiring of the in-memory guards. */
@ApplicationScoped
public class GuardBeans {
    private static final long SKEW_SECONDS = 300;
    private MemoryReplayGuard replay;

    @Produces
    @Singleton
    ReplayGuard replayGuard(Clock clock, ExchangeConfig config) {
        replay = new MemoryReplayGuard(clock, config.replayCapacity(), SKEW_SECONDS);
        return replay;
    }

    @Produces
    @Singleton
    RateLimiter rateLimiter(Clock clock) {
        return new MemoryRateLimiter(clock, 100_000);
    }

    @Produces
    @Singleton
    Revocations revocations(Clock clock) {
        return new Revocations(clock);
    }

    /** Cloud credentials: renewed 5 minutes before expiry; waiters share one upstream call for at most 30 s. */
    @Produces
    @Singleton
    CredentialCache credentialCache(Clock clock) {
        return new CredentialCache(clock, 10_000, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @Scheduled(every = "30s")
    void purgeReplayMemory() {
        if (replay != null) {
            replay.purge();
        }
    }
}
