package dev.wifbroker.credential.shared;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * The replicas' shared store of sealed credential entries, their leases and the recipients' public keys. Every
 * call is one round trip and may throw {@link dev.wifbroker.guard.StoreUnavailableException}: the tier then
 * falls back to the replica's own cache.
 */
interface SharedCredentialStore {

    /** What a lookup found: this replica's sealed copy, the lease (now ours), or the lease held by another. */
    sealed interface Lookup permits Sealed, Acquired, Held {}

    record Sealed(String value) implements Lookup {}

    record Acquired() implements Lookup {}

    record Held(Duration remaining) implements Lookup {}

    /**
     * One round trip: the entry's field for {@code recipient} unless it equals {@code skip} (a value this replica
     * already refused); otherwise the lease {@code SET NX PX}, or who holds it.
     */
    Lookup lookup(String digest, String recipient, String skip, String leaseToken, Duration lease);

    /** Replaces the entry by {@code sealed} (recipient kid to value) living {@code ttl}, and releases our lease. */
    void store(String digest, Map<String, String> sealed, Duration ttl, String leaseToken);

    /** Deletes the lease if it is still ours (compare and delete). */
    void release(String digest, String leaseToken);

    /** Every recipients field as written, kid to JSON (untrusted). */
    Map<String, String> recipients();

    void publishRecipient(String kid, String json);

    void removeRecipients(Collection<String> kids);
}
