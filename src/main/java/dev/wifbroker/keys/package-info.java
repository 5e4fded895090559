/**
 * The broker's own signing keys: generated here, never supplied by a person, rotated through the phases
 * published, active and retired, and kept in a {@link dev.wifbroker.keys.KeyRingStore} (memory or a
 * 0600 file). Entry points: {@link dev.wifbroker.keys.JwtSigner} for stages that sign, and
 * {@link dev.wifbroker.keys.KeyRingSnapshot#jwksJson()} for the JWKS endpoint. The core
 * ({@code KeyRing}, {@code KeyRotation}, the stores) is plain Java driven by an injected clock;
 * {@code KeyRingBeans} and {@code KeyRotationSchedule} are the only CDI classes. Depends on no other
 * broker package; key material never reaches a log line (kids only).
 */
package dev.wifbroker.keys;
