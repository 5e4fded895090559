package dev.wifbroker.guard.redis;

import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisOptions;

/**
 * Refuses a TLS connection to Redis that would not authenticate the server: trust-all, or no host name check
 * (the Vert.x default, and Quarkus' unless {@code hostname-verification-algorithm} is set). Whoever could
 * impersonate Redis could admit replays, hide revocations and add signing keys to the JWKS.
 */
public final class RedisTlsCheck {
    private RedisTlsCheck() {}

    public static void check(RedisOptions options) {
        boolean tls = options.getEndpoints().stream().anyMatch(e -> e.startsWith("rediss://"));
        NetClientOptions net = options.getNetClientOptions();
        if (!tls || net == null) {
            return;
        }
        if (net.isTrustAll()) {
            throw new IllegalArgumentException("quarkus.redis.hosts uses rediss:// with trust-all: configure the CA instead"
                    + " (quarkus.redis.tls-configuration-name and quarkus.tls.<name>.trust-store.pem.certs)");
        }
        String algorithm = net.getHostnameVerificationAlgorithm();
        if (algorithm == null || algorithm.isEmpty()) {
            throw new IllegalArgumentException("quarkus.redis.hosts uses rediss:// without a host name check: set"
                    + " quarkus.tls.<name>.hostname-verification-algorithm=HTTPS for the TLS configuration named by"
                    + " quarkus.redis.tls-configuration-name");
        }
    }
}
