package dev.wifbroker.exchange;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Guard settings of the exchange under {@code broker.guard.*}. */
@ConfigMapping(prefix = "broker.guard")
public interface ExchangeConfig {

    /** Sustained exchanges per second per workload identity (issuer + subject). */
    @WithDefault("20")
    double identityRate();

    @WithDefault("40")
    int identityBurst();

    /** Sustained exchanges per second per role, across all identities. */
    @WithDefault("500")
    double roleRate();

    @WithDefault("1000")
    int roleBurst();

    /** How many one-time token ids the replay memory holds before it fails closed. */
    @WithDefault("1000000")
    int replayCapacity();
}
