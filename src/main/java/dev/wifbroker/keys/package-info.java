/**
 * The broker's own signing keys: generated here, never supplied by a person, rotated through the phases
 * published, active and retired, and kept in a {@link dev.wifbroker.keys.KeyRingStore} (memory or a
 * 0600 file). Entry points: {@link dev.wifbroker.keys.JwtSigner} for stages that sign, and
 * {@link dev.wifbroker.keys.PublishedJwks} for the JWKS endpoint: the ring's own document, or with
 * {@code broker.state=redis} {@link dev.wifbroker.keys.ClusterJwks}, the union of every replica's public
 * keys shared through a {@link dev.wifbroker.keys.KeyDirectory} (private keys never leave the ring). The core
 * ({@code KeyRing}, {@code KeyRotation}, the stores, {@code ClusterJwks}) is plain Java driven by an injected
 * clock; {@code KeyRingBeans}, {@code KeyRotationSchedule} and {@code ClusterKeySchedule} are the only CDI classes. Keys are
 * generated and signatures made through {@code crypto.Jca} (the native provider when in force). Depends on no other
 * broker package but {@code config}, {@code crypto}, {@code text} and {@code http.Loopback}; key material never reaches a log line (kids only).
 */
package dev.wifbroker.keys;
