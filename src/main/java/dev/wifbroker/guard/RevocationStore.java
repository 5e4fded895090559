package dev.wifbroker.guard;

/**
 * Where revocations are kept beyond this JVM. Writes go to the store first, so an admin call succeeds
 * only once every replica can read it; each throws {@link StoreUnavailableException} when it cannot.
 */
public interface RevocationStore {

    void save(Revocation revocation);

    /** True when the revocation existed. */
    boolean delete(Revocation.Kind kind, String value);
}
