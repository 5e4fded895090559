/**
 * Token verification. Entry point: {@link dev.wifbroker.identity.TokenVerifier#verify(String)}, which
 * returns a {@link dev.wifbroker.identity.VerifiedToken} carrying the vendor-neutral
 * {@link dev.wifbroker.identity.IdentityView}, or throws a
 * {@link dev.wifbroker.identity.VerificationException} with a stable reason. Issuers in force live in
 * {@link dev.wifbroker.identity.IssuerRegistry}. Depends on {@code reason} and {@code yaml} only; never
 * on {@code policy}, {@code exchange} or {@code api}.
 */
package dev.wifbroker.identity;
