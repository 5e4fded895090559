/**
 * Internal credentials: RFC 9068 JWT access tokens for the broker's own relying services. Entry point:
 * {@link dev.wifbroker.credential.internal.InternalTokenMinter#mint}: the exchange's {@code Grant} and the role's
 * {@link dev.wifbroker.credential.internal.InternalTarget} render into a fully decided
 * {@link dev.wifbroker.credential.internal.MintRequest} (claim templates expanded), which is signed. Depends only on
 * {@code dev.wifbroker.keys} for signing; never on identity, policy or api.
 */
package dev.wifbroker.credential.internal;
