package dev.wifbroker.credential;

/**
 * Where the local {@link CredentialCache} turns on a miss: one thread per key and replica asks it, and it
 * either answers from what other replicas obtained or calls {@code minter} itself. In clustered mode
 * ({@code broker.state=redis}) it is the cluster-wide tier of {@code credential.shared}; alone it is
 * {@link #NONE}, the upstream call itself.
 */
@FunctionalInterface
public interface SharedTier {

    /** No shared tier (memory mode): the local cache's leader calls upstream. */
    SharedTier NONE = (key, minter) -> minter.mint();

    IssuedCredential get(CredentialCache.Key key, CredentialCache.Minter minter) throws UpstreamException;
}
