package dev.wifbroker.keys;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How replicas share their public keys ({@code broker.state=redis}); the runtime form of the cluster
 * settings in {@link KeyRingConfig}.
 *
 * @param maxPublishedKeys the most keys the served JWKS may hold: clouds stop reading a JWKS beyond some
 *                         count (docs/keys.md), so a longer one would silently lose keys
 * @param refreshInterval how often a replica republishes its keys and reads everyone else's
 * @param joinDelay how long a replica's active key must have been in the store before the replica reports
 *                  ready: other replicas' JWKS must have picked it up (one refresh) and relying parties'
 *                  caches of those documents expired (max-age)
 * @param timeout the bound on each store command
 */
public record ClusterKeySettings(int maxPublishedKeys, Duration refreshInterval, Duration joinDelay, Duration timeout) {

    public ClusterKeySettings {
        List<String> errors = new ArrayList<>();
        if (refreshInterval == null || refreshInterval.isNegative() || refreshInterval.isZero()) {
            errors.add("cluster-refresh-interval must be positive");
        }
        if (joinDelay == null || joinDelay.isNegative()) {
            errors.add("cluster-join-delay must not be negative");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            errors.add("cluster-timeout must be positive");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid cluster key settings: " + String.join("; ", errors));
        }
    }

    /** Checks the cap against one replica's own need: two keys per algorithm during a rotation. */
    void checkAgainst(KeyRingSettings ring) {
        int own = 2 * ring.algorithms().size();
        if (maxPublishedKeys < own) {
            throw new IllegalArgumentException("invalid cluster key settings: max-published-keys (" + maxPublishedKeys
                    + ") is below the " + own + " keys one replica publishes during a rotation of " + ring.algorithms().size() + " algorithms");
        }
    }

    /**
     * How long an active or published key's entry stays valid after its last refresh: tokens it signed
     * just before its replica died must verify until they expire, plus two refreshes of slack.
     */
    Duration liveEntryLifetime(KeyRingSettings ring) {
        return ring.retention().plus(refreshInterval.multipliedBy(2));
    }
}
