package dev.wifbroker.keys;

/**
 * The JWKS the broker serves at {@code /.well-known/jwks.json}: the ring's own keys ({@code broker.state=memory})
 * or the union of every replica's live public keys ({@link ClusterJwks}, {@code broker.state=redis}).
 * {@link #document()} never blocks and never touches the network.
 */
@FunctionalInterface
public interface PublishedJwks {

    JwksDocument document();
}
