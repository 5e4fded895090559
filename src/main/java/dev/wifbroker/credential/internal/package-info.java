/**
 * Internal credentials: RFC 9068 JWT access tokens for the broker's own relying services. Entry point:
 * {@link dev.wifbroker.credential.internal.InternalTokenMinter#mint}. Takes a fully decided
 * {@link dev.wifbroker.credential.internal.MintRequest} (templates already expanded by the policy stage) and
 * depends only on {@code dev.wifbroker.keys} for signing; never on identity, policy or api.
 */
package dev.wifbroker.credential.internal;
