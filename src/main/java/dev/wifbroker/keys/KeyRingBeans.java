package dev.wifbroker.keys;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** CDI wiring of the Quarkus-free key ring: the ring, its signer, the issuer identity and a default clock. */
@ApplicationScoped
public class KeyRingBeans {

    @Produces
    @Singleton
    KeyRing keyRing(KeyRingConfig config, Clock clock) {
        KeyRingStore store = switch (config.store()) {
            case MEMORY -> new MemoryKeyRingStore();
            case FILE -> new FileKeyRingStore(config.directory());
        };
        return KeyRing.open(config.settings(), store, clock);
    }

    @Produces
    @Singleton
    JwtSigner jwtSigner(KeyRing ring, Clock clock) {
        return new JwtSigner(ring, clock);
    }

    @Produces
    @Singleton
    BrokerIssuer brokerIssuer(@ConfigProperty(name = "broker.issuer-url", defaultValue = "http://127.0.0.1:8080") String url) {
        return new BrokerIssuer(url);
    }

    /** The system clock, unless another part of the broker produces a {@link Clock} of its own. */
    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
