package dev.wifbroker.identity;

import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.crypto.CryptoSelection;
import dev.wifbroker.identity.jwks.JwksHttpClient;
import dev.wifbroker.identity.jwks.JwksSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the plain identity classes into CDI from {@link BrokerConfig}. */
@ApplicationScoped
public class IdentityBeans {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("jwks-refresh"));
    private final ExecutorService httpExecutor = Executors.newCachedThreadPool(daemon("jwks-http"));

    @Produces
    @Singleton
    KeySources keySources(BrokerConfig config, MeterRegistry meters, Clock clock) {
        BrokerConfig.Jwks j = config.jwks();
        JwksSettings settings = new JwksSettings(j.refreshInterval(), j.minRefetchInterval(), j.maxStaleness(),
                j.connectTimeout(), j.readTimeout(), j.fetchTimeout(), j.maxResponseBytes());
        return new KeySources(new JwksHttpClient(settings, httpExecutor), settings, clock, scheduler, meters, j.prefetch());
    }

    /**
     * {@code issuers}: the issuers of the policy set in force, produced by the policy runtime; {@code crypto}: taken
     * so the provider is installed before the first signature check.
     */
    @Produces
    @Singleton
    TokenVerifier tokenVerifier(IssuerLookup issuers, BrokerConfig config, Clock clock, CryptoSelection crypto) {
        BrokerConfig.Verify v = config.verify();
        return new TokenVerifier(issuers, new VerifierSettings(v.maxTokenBytes(), v.refetchWait(), v.firstFetchWait(),
                v.maxRefetchWaiters()),
                clock);
    }

    void stop(@Observes ShutdownEvent event) {
        scheduler.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
