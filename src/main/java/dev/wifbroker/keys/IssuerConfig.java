package dev.wifbroker.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code broker.issuer-url}: the broker's issuer identifier (see {@link BrokerIssuer}). A mapping of its
 * own beside {@code BrokerConfig} (same prefix) so the key ring's package stays free of the config package;
 * it can move into {@code BrokerConfig} without any change of key.
 */
@ConfigMapping(prefix = "broker")
public interface IssuerConfig {

    /** The {@code iss} of every token the broker signs; https, or http on loopback for demos and tests. */
    @WithDefault("http://127.0.0.1:8080")
    String issuerUrl();
}
