package dev.wifbroker.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The key ring's settings under {@code broker.keys.*}; see {@link KeyRingSettings} for what each means. */
@ConfigMapping(prefix = "broker.keys")
public interface KeyRingConfig {

    /** Where keys live: {@code memory} (lost on restart) or {@code file} (in {@link #directory()}). */
    @WithDefault("memory")
    StoreKind store();

    /** The key directory for the {@code file} store; created 0700, the key file is 0600. */
    @WithDefault("data/keys")
    Path directory();

    /** Algorithms with a key of their own. */
    @WithDefault("ES256,RS256,EdDSA")
    Set<SigningAlgorithm> algorithms();

    @WithDefault("24h")
    Duration rotationPeriod();

    /** Longer than any JWKS cache lifetime of relying parties (ours says max-age=300). */
    @WithDefault("1h")
    Duration publishAhead();

    @WithDefault("1h")
    Duration maxTokenLifetime();

    @WithDefault("5m")
    Duration removalMargin();

    @WithDefault("2048")
    int rsaKeySize();

    /** How often the schedule is checked; transitions happen at the first check at or after their time. */
    @WithDefault("30s")
    Duration checkInterval();

    /**
     * The most keys the served JWKS may hold ({@code broker.state=redis}: all replicas' keys together).
     * 100 is the largest JWKS AWS IAM is reported to read (docs/keys.md); lower it for stricter relying parties.
     */
    @WithDefault("100")
    int maxPublishedKeys();

    /** {@code broker.state=redis}: how often a replica republishes its public keys and reads the others'. */
    @WithDefault("5s")
    Duration clusterRefreshInterval();

    /**
     * {@code broker.state=redis}: how long a replica's active key must have been in Redis before the replica
     * reports ready; the JWKS max-age (5 min) plus a refresh, so relying parties have every replica's copy.
     */
    @WithDefault("5m15s")
    Duration clusterJoinDelay();

    /** {@code broker.state=redis}: the bound on each Redis command of the key directory. */
    @WithDefault("1s")
    Duration clusterTimeout();

    default ClusterKeySettings clusterSettings() {
        return new ClusterKeySettings(maxPublishedKeys(), clusterRefreshInterval(), clusterJoinDelay(), clusterTimeout());
    }

    default KeyRingSettings settings() {
        return new KeyRingSettings(EnumSet.copyOf(algorithms()), rotationPeriod(), publishAhead(), maxTokenLifetime(),
                removalMargin(), rsaKeySize());
    }

    enum StoreKind {
        MEMORY,
        FILE
    }
}
