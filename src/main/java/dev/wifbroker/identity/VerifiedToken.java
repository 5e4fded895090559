package dev.wifbroker.identity;

import java.time.Instant;

/**
 * A token that passed every check, with the identity it proves and the facts later stages need
 * (expiry for replay memory, {@code jti}, the key that signed it).
 *
 * @param issuer the issuer's name, URL and replay mode; not its configuration
 * @param jti the token id, or null when the token has none
 */
public record VerifiedToken(TokenIssuer issuer, IdentityView identity, String keyId, String algorithm,
        Instant issuedAt, Instant expiresAt, String jti) {}
