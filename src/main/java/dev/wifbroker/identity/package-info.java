/**
 * Token verification. Entry point: {@link dev.wifbroker.identity.TokenVerifier#verify(String)}, which
 * returns a {@link dev.wifbroker.identity.VerifiedToken} carrying the vendor-neutral
 * {@link dev.wifbroker.identity.IdentityView}, or throws a
 * {@link dev.wifbroker.identity.VerificationException} with a stable reason. The verifier reads issuers
 * through {@link dev.wifbroker.identity.IssuerLookup}; the policy runtime supplies the
 * {@link dev.wifbroker.identity.TrustedIssuers} of the set in force, built by
 * {@link dev.wifbroker.identity.KeySources}. Depends on {@code reason} and {@code yaml} only; never
 * on {@code policy}, {@code exchange} or {@code api}.
 */
package dev.wifbroker.identity;
