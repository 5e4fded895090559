package dev.wifbroker.credential.shared;

import java.security.PrivateKey;
import java.security.PublicKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.lang.JoseException;

/**
 * This replica's X25519 key-agreement pair for shared entries: generated at startup, held in memory only,
 * never written anywhere; only its public half is published ({@link Recipient}). A restart makes a new one,
 * so entries sealed before it are unreadable to the restarted replica (it mints afresh). X25519 rather
 * than P-256: every 32-byte string is a valid public key, so a forged ephemeral key in an entry cannot
 * probe the private key (no invalid-curve attack to guard against).
 */
final class ReplicaKey {
    private final OctetKeyPairJsonWebKey jwk;
    private final String kid;

    private ReplicaKey(OctetKeyPairJsonWebKey jwk) {
        this.jwk = jwk;
        this.kid = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
    }

    static ReplicaKey generate() {
        try {
            return new ReplicaKey(OkpJwkGenerator.generateJwk(OctetKeyPairJsonWebKey.SUBTYPE_X25519));
        } catch (JoseException e) {
            throw new IllegalStateException("X25519 key generation is required by every Java 17 runtime", e);
        }
    }

    /** RFC 7638 thumbprint of the public key: the recipient's field name and the JWE {@code kid}. */
    String kid() {
        return kid;
    }

    PublicKey publicKey() {
        return jwk.getPublicKey();
    }

    PrivateKey privateKey() {
        return jwk.getPrivateKey();
    }

    @Override
    public String toString() {
        return "ReplicaKey[kid=" + kid + "]";
    }
}
