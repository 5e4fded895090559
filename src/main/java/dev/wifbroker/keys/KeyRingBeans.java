package dev.wifbroker.keys;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI wiring of the Quarkus-free key ring: the ring, its signer and the issuer identity; the clock is the broker's one clock. */
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
    BrokerIssuer brokerIssuer(IssuerConfig config) {
        return new BrokerIssuer(config.issuerUrl());
    }
}
