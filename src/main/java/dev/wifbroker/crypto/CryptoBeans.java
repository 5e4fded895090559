package dev.wifbroker.crypto;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

/**
 * Installs the provider at start, before any other startup work (so the policy load's key parsing already gets it),
 * and produces the {@link CryptoSelection} that the key ring and the token verifier are built from: they cannot
 * exist before it. Publishes {@code broker_crypto_provider_info{provider,version} 1}.
 */
@ApplicationScoped
public class CryptoBeans {
    static final String METRIC = "broker.crypto.provider.info";

    /** ACCP; a test profile replaces it to simulate a platform where it cannot load. */
    @Produces
    @Singleton
    @DefaultBean
    NativeProvider nativeProvider() {
        return NativeProvider::accp;
    }

    @Produces
    @Singleton
    CryptoSelection selection(CryptoConfig config, NativeProvider nativeProvider) {
        return CryptoProviders.install(config.provider(), nativeProvider);
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event, CryptoSelection selection,
            MeterRegistry meters) {
        Gauge.builder(METRIC, () -> 1).tag("provider", selection.provider())
                .tag("version", selection.version() == null ? "" : selection.version())
                .description("The JCA provider doing the broker's signatures (value always 1)").register(meters);
    }
}
