package dev.wifbroker.credential.internal;

import dev.wifbroker.keys.SigningAlgorithm;
import java.time.Duration;
import java.time.Instant;

/**
 * An internal access token and the facts the exchange response and the audit event need about it.
 *
 * @param token the compact JWT; a credential, never logged (audit records its SHA-256 fingerprint)
 * @param jti its unique id
 * @param issuedAt {@code iat} (also {@code nbf})
 * @param expiresAt {@code exp}
 * @param kid the key that signed it
 * @param algorithm the algorithm it was signed with
 */
public record MintedToken(String token, String jti, Instant issuedAt, Instant expiresAt, String kid, SigningAlgorithm algorithm) {

    /** The RFC 8693 {@code expires_in}, in whole seconds. */
    public long expiresInSeconds() {
        return Duration.between(issuedAt, expiresAt).toSeconds();
    }

    @Override
    public String toString() {
        return "MintedToken[jti=" + jti + ", exp=" + expiresAt + ", kid=" + kid + ", alg=" + algorithm.jwsName() + "]";
    }
}
