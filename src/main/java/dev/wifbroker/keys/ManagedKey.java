package dev.wifbroker.keys;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One broker-generated signing key and the instants of its life. The phase is derived from which
 * instants are set, so a key's history is its state and survives a restart unchanged.
 *
 * @param kid the RFC 7638 JWK thumbprint (SHA-256) of the public key: stable across restarts and
 *            derived from the key, so two keys can never share a kid
 * @param algorithm the one algorithm this key signs with
 * @param keyPair the key material; never logged or rendered by {@link #toString()}
 * @param createdAt when the key was generated and entered the JWKS
 * @param activatesAt the earliest instant it may sign: at least the publish-ahead time after {@code createdAt}
 *                    (a bootstrap key, generated when no key of its algorithm exists, activates at once)
 * @param activatedAt when it started signing, or null while only published
 * @param retiredAt when it stopped signing, or null while published or active
 */
public record ManagedKey(
        String kid,
        SigningAlgorithm algorithm,
        KeyPair keyPair,
        Instant createdAt,
        Instant activatesAt,
        Instant activatedAt,
        Instant retiredAt) {

    public ManagedKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(keyPair, "keyPair");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(activatesAt, "activatesAt");
        if (retiredAt != null && activatedAt == null) {
            throw new IllegalArgumentException("key " + kid + " is retired but was never activated");
        }
    }

    public KeyPhase phase() {
        if (retiredAt != null) {
            return KeyPhase.RETIRED;
        }
        return activatedAt != null ? KeyPhase.ACTIVE : KeyPhase.PUBLISHED;
    }

    /**
     * When a retired key may leave the JWKS: after the last token it can have signed has expired.
     * {@code retention} is the maximum token lifetime plus a margin (see {@link KeyRingSettings#retention()}).
     */
    public Instant removableAt(Duration retention) {
        return retiredAt == null ? Instant.MAX : retiredAt.plus(retention);
    }

    ManagedKey activate(Instant now) {
        return new ManagedKey(kid, algorithm, keyPair, createdAt, activatesAt, now, null);
    }

    ManagedKey retire(Instant now) {
        return new ManagedKey(kid, algorithm, keyPair, createdAt, activatesAt, activatedAt, now);
    }

    /** Kid, algorithm and phase only: key material must never reach a log line. */
    @Override
    public String toString() {
        return "ManagedKey[kid=" + kid + ", alg=" + algorithm.jwsName() + ", phase=" + phase() + "]";
    }
}
