package dev.wifbroker.credential;

/**
 * Mints the credential of one kind of target for one allowed exchange. Implementations are CDI beans; the
 * {@link CredentialKind} names which one serves it.
 *
 * @param <T> the target record the minter reads
 */
public interface TargetMinter<T extends CredentialTarget> {

    /**
     * @throws UpstreamException when the cloud refuses or stays unavailable
     * @throws MissingClaimException when a template of the target reads a claim the token lacks (nothing is sent)
     */
    IssuedCredential mint(T target, Grant request) throws UpstreamException;

    /** Whether minting may wait on the network (a cloud); false when the broker only signs. */
    default boolean needsNetwork() {
        return true;
    }
}
