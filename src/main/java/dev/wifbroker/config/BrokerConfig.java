package dev.wifbroker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Service settings under {@code broker.*}; every key can be overridden by environment variable. */
@ConfigMapping(prefix = "broker")
public interface BrokerConfig {

    /** The trust-policy directory ({@code BROKER_POLICY_DIR}). */
    @WithDefault("trust-policies")
    String policyDir();

    /**
     * How often the policy directory is polled for changes where the file system delivers no change events
     * (hot reload); where it does, edits load on their event and this is only how often the watcher reports
     * it is alive ({@code lastPollAt}) and retries a crashed load.
     */
    @WithDefault("2s")
    java.time.Duration policyReloadInterval();

    /**
     * With change events, how often the whole directory is still compared (sizes and modification times) in case
     * an event was lost (a network file system, an overflowed event queue).
     */
    @WithDefault("1m")
    java.time.Duration policyRescanInterval();

    Verify verify();

    /** Where guard state lives: {@code memory} (this JVM) or {@code redis} (shared by every replica). */
    @WithDefault("memory")
    State state();

    enum State {
        MEMORY,
        REDIS
    }

    Jwks jwks();

    interface Verify {
        /** Tokens longer than this are refused before parsing. */
        @WithDefault("16384")
        int maxTokenBytes();

        /**
         * How long a token with an unknown key id may wait for the one shared JWKS refetch; after that it is
         * refused with a retryable 503 {@code jwks_unavailable} while the refetch goes on in the background.
         */
        @WithDefault("500ms")
        Duration refetchWait();

        /** The same wait while an issuer has no usable keys yet: its first fetch after start or reload. */
        @WithDefault("3s")
        Duration firstFetchWait();

        /** Request threads that may wait on one issuer's JWKS refetch at once; further tokens get the 503 at once. */
        @WithDefault("4")
        int maxRefetchWaiters();
    }

    interface Jwks {
        /** Fetch every issuer's keys at start; when false, keys are fetched on first use and refreshed after. */
        @WithDefault("true")
        boolean prefetch();

        @WithDefault("5m")
        Duration refreshInterval();

        /** Minimum spacing of refetches caused by unknown key ids, per issuer. */
        @WithDefault("30s")
        Duration minRefetchInterval();

        /** How long last-known-good keys keep verifying while an issuer is unreachable. */
        @WithDefault("24h")
        Duration maxStaleness();

        @WithDefault("2s")
        Duration connectTimeout();

        /** One discovery or JWKS request, from sending it to the last byte of the body. */
        @WithDefault("5s")
        Duration readTimeout();

        /** One key refresh, discovery, redirects and JWKS together: no fetch stays in flight longer. */
        @WithDefault("8s")
        Duration fetchTimeout();

        @WithDefault("262144")
        int maxResponseBytes();
    }
}
