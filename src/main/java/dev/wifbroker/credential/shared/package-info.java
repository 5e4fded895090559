/**
 * The replicas' shared cloud-credential tier ({@code broker.state=redis}): cluster-wide single-flight with
 * expiring leases, entries sealed (JWE, X25519 ECDH-ES + A256GCM) to each replica's in-memory key.
 * Entry point: {@link dev.wifbroker.credential.shared.SharedCredentialTier}, behind
 * {@link dev.wifbroker.credential.CredentialCache}. Depends on {@code guard.redis} for bounded Redis calls;
 * must not depend on {@code exchange} or {@code api}.
 */
package dev.wifbroker.credential.shared;
