package dev.wifbroker.exchange;

import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedTokens;
import dev.wifbroker.credential.MemoryIssuedTokens;
import dev.wifbroker.credential.shared.RedisIssuedTokens;
import dev.wifbroker.credential.shared.SharedCredentialTier;
import dev.wifbroker.credential.shared.SharedTierSettings;
import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.MemoryAdmissionGuard;
import dev.wifbroker.guard.MemoryRateLimiter;
import dev.wifbroker.guard.MemoryReplayGuard;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.guard.StoreHealth;
import dev.wifbroker.guard.redis.RedisAdmissionGuard;
import dev.wifbroker.guard.redis.RedisCalls;
import dev.wifbroker.guard.redis.RedisRevocations;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * CDI wiring of the guards and the cloud-credential cache by {@code broker.state}: {@code memory} (one JVM; the
 * Redis client is never created) or {@code redis} (shared by every replica; docs/architecture.md, clustered mode).
 */
@ApplicationScoped
public class GuardBeans {
    private static final long SKEW_SECONDS = 300;
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private final boolean clustered;
    private final Instance<Redis> redis;
    private final StateConfig state;
    private MemoryReplayGuard replay;
    private RedisCalls calls;
    private RedisRevocations sharedRevocations;
    private volatile SharedCredentialTier sharedTier;

    public GuardBeans(BrokerConfig broker, Instance<Redis> redis, StateConfig state) {
        this.clustered = broker.state() == BrokerConfig.State.REDIS;
        this.redis = redis;
        this.state = state;
    }

    @Produces
    @Singleton
    AdmissionGuard admissionGuard(Clock clock, ExchangeConfig config) {
        if (clustered) {
            return new RedisAdmissionGuard(calls(), clock, SKEW_SECONDS);
        }
        replay = new MemoryReplayGuard(clock, config.replayCapacity(), SKEW_SECONDS);
        return new MemoryAdmissionGuard(replay, new MemoryRateLimiter(clock, 100_000));
    }

    @Produces
    @Singleton
    @Startup
    Revocations revocations(Clock clock) {
        if (!clustered) {
            return new Revocations(clock);
        }
        sharedRevocations = new RedisRevocations(calls(), clock, state.revocationPoll());
        Revocations snapshot = new Revocations(clock, sharedRevocations, state.revocationMaxStaleness());
        sharedRevocations.attach(snapshot);
        return snapshot;
    }

    /** The cloud access tokens issued, for introspection: shared when clustered, so any replica answers for any token. */
    @Produces
    @Singleton
    IssuedTokens issuedTokens(Clock clock) {
        return clustered ? new RedisIssuedTokens(calls(), clock) : new MemoryIssuedTokens(clock, 10_000);
    }

    @Produces
    @Singleton
    StoreHealth storeHealth() {
        if (clustered) {
            return calls();
        }
        return new StoreHealth() {
            @Override
            public String store() {
                return "memory";
            }

            @Override
            public String problem() {
                return null;
            }
        };
    }

    /**
     * Cloud credentials: renewed 5 minutes before expiry; waiters share one upstream call for at most 30 s. Clustered,
     * a local miss asks the replicas' shared tier, whose waiters wait at most 30 s minus one lease, so that a
     * takeover's mint still ends within the local waiters' 30 s.
     */
    @Produces
    @Singleton
    CredentialCache credentialCache(Clock clock, MeterRegistry meters) {
        if (!clustered) {
            return new CredentialCache(clock, 10_000, REFRESH_MARGIN, MAX_WAIT);
        }
        Duration sharedWait = MAX_WAIT.minus(state.credentialLease());
        if (sharedWait.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("broker.redis.credential-lease must be at most 29s (waiters wait 30s minus one lease)");
        }
        sharedTier = SharedCredentialTier.redis(calls(), clock, new SharedTierSettings(state.credentialLease(),
                state.credentialPoll(), sharedWait, REFRESH_MARGIN,
                state.credentialRecipientRefresh(), SharedTierSettings.DEFAULT_MAX_RECIPIENTS), meters);
        sharedTier.refreshRecipients();
        return new CredentialCache(clock, 10_000, REFRESH_MARGIN, MAX_WAIT, sharedTier);
    }

    @Scheduled(identity = "credential-recipients-refresh", every = "${broker.redis.credential-recipient-refresh:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshCredentialRecipients() {
        if (sharedTier != null) {
            sharedTier.refreshRecipients();
        }
    }

    @Scheduled(every = "30s")
    void purgeReplayMemory() {
        if (replay != null) {
            replay.purge();
        }
    }

    @PreDestroy
    void stop() {
        if (sharedRevocations != null) {
            sharedRevocations.close();
        }
    }

    private synchronized RedisCalls calls() {
        if (calls == null) {
            calls = new RedisCalls(redis.get(), state.timeout(), state.retryAfter());
        }
        return calls;
    }
}
