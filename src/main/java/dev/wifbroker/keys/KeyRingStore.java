package dev.wifbroker.keys;

import java.util.List;

/**
 * Where a key ring keeps its keys between restarts. A store holds private keys: implementations must
 * keep them from other users and never log them. A KMS-backed signer, for clusters, will replace the
 * store together with the in-process signing, not implement this interface.
 */
public interface KeyRingStore {

    /** The keys saved last, or an empty list when the store has never been written. */
    List<ManagedKey> load();

    /** Replaces the stored keys with {@code keys}, all or nothing: a crash leaves the old or the new set, never a mix. */
    void save(List<ManagedKey> keys);
}
