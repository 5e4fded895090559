package dev.wifbroker.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code broker.state}: where shared state lives. The key ring's own view of the switch (a mapping beside
 * {@code BrokerConfig}, same prefix, like {@link IssuerConfig}), so this package stays free of the config package.
 */
@ConfigMapping(prefix = "broker")
public interface BrokerStateConfig {

    /** {@code memory}: one replica, keys served from its own ring; {@code redis}: replicas share their public keys in Redis. */
    @WithDefault("memory")
    State state();

    enum State {
        MEMORY,
        REDIS
    }
}
