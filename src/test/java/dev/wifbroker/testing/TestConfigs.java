package dev.wifbroker.testing;

import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.exchange.ExchangeConfig;
import java.nio.file.Path;
import java.time.Duration;

/** Configuration records for broker parts wired by hand (unit tests, benchmarks), without a Quarkus config. */
public final class TestConfigs {
    private TestConfigs() {}

    /** Memory mode on {@code policyDir}; the verifier and JWKS settings are unused by hand-wired parts. */
    public static BrokerConfig broker(Path policyDir, Duration reloadInterval) {
        return new BrokerConfig() {
            public String policyDir() {
                return policyDir.toString();
            }

            public Duration policyReloadInterval() {
                return reloadInterval;
            }

            public Duration policyRescanInterval() {
                return Duration.ofMinutes(1);
            }

            public Verify verify() {
                return null;
            }

            public Jwks jwks() {
                return null;
            }

            public State state() {
                return State.MEMORY;
            }
        };
    }

    public static ExchangeConfig limits(double identityRate, int identityBurst, double roleRate, int roleBurst, int replayCapacity) {
        return new ExchangeConfig() {
            public double identityRate() {
                return identityRate;
            }

            public int identityBurst() {
                return identityBurst;
            }

            public double roleRate() {
                return roleRate;
            }

            public int roleBurst() {
                return roleBurst;
            }

            public int replayCapacity() {
                return replayCapacity;
            }
        };
    }
}
