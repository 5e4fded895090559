package dev.wifbroker.keys;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last {@link ClusterJwks#refresh()}, for readiness and operators.
 *
 * @param storeReachable whether the last refresh could read and write the key directory
 * @param refreshedAt when it ran
 * @param error why the store could not be used, or null
 * @param servedKeys keys in the served JWKS
 * @param foreignKeys of which other replicas' keys
 * @param rejectedEntries directory entries refused as malformed or not the broker's own format
 * @param droppedKeys foreign keys left out because the JWKS would exceed the cap
 * @param unpublishedKids own keys not published because the shared set is at the cap
 * @param joiningKids own active keys not yet in the store for the join delay
 */
public record ClusterKeyStatus(boolean storeReachable, Instant refreshedAt, String error, int servedKeys, int foreignKeys,
        int rejectedEntries, int droppedKeys, List<String> unpublishedKids, List<String> joiningKids) {

    static ClusterKeyStatus initial() {
        return new ClusterKeyStatus(false, null, "not refreshed yet", 0, 0, 0, 0, List.of(), List.of());
    }

    /**
     * Ready to sign for the cluster: every active key has been in the store long enough for every replica's
     * JWKS (and the caches of it) to hold it, and nothing was cut by the cap.
     */
    public boolean ready() {
        return refreshedAt != null && joiningKids.isEmpty() && unpublishedKids.isEmpty() && droppedKeys == 0;
    }
}
