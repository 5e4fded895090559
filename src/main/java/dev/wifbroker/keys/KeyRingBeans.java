package dev.wifbroker.keys;

import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.crypto.CryptoSelection;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/**
 * CDI wiring of the Quarkus-free key ring: the ring, its signer, the issuer identity and the served JWKS;
 * the clock is the broker's one clock. With {@code broker.state=redis} the JWKS is the cluster's union
 * ({@link ClusterJwks}) through the Quarkus Redis client ({@code quarkus.redis.*}: hosts, TLS, ACL user).
 */
@ApplicationScoped
public class KeyRingBeans {

    /** {@code crypto}: taken so the provider is installed before the ring generates or loads a key. */
    @Produces
    @Singleton
    KeyRing keyRing(KeyRingConfig config, Clock clock, CryptoSelection crypto) {
        KeyRingStore store = switch (config.store()) {
            case MEMORY -> new MemoryKeyRingStore();
            case FILE -> new FileKeyRingStore(config.directory());
        };
        return KeyRing.open(config.settings(), store, clock);
    }

    @Produces
    @Singleton
    PublishedJwks publishedJwks(KeyRing ring, KeyRingConfig config, BrokerConfig broker, Clock clock, Instance<Redis> redis) {
        return switch (broker.state()) {
            case MEMORY -> () -> ring.snapshot().document();
            case REDIS -> new ClusterJwks(ring, new RedisKeyDirectory(redis.get(), config.clusterTimeout()),
                    config.clusterSettings(), clock, replicaId());
        };
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

    /** The pod name when there is one, for operators reading the directory; plus randomness, as names repeat across restarts. */
    private static String replicaId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "replica");
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return (host.length() > 100 ? host.substring(0, 100) : host) + "-" + HexFormat.of().formatHex(random);
    }
}
