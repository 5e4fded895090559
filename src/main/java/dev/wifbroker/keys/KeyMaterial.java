package dev.wifbroker.keys;

import dev.wifbroker.crypto.Jca;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** Generates key pairs for the broker's own keys; nothing here ever accepts a key from outside. */
final class KeyMaterial {
    private final int rsaKeySize;
    /** The first provider's generator: with the native provider in force, AWS-LC's DRBG. */
    private final SecureRandom random = new SecureRandom();

    KeyMaterial(int rsaKeySize) {
        this.rsaKeySize = rsaKeySize;
    }

    /** A fresh key of {@code algorithm}, published at {@code createdAt} and allowed to sign from {@code activatesAt}. */
    ManagedKey generate(SigningAlgorithm algorithm, Instant createdAt, Instant activatesAt) {
        KeyPair pair = keyPair(algorithm);
        return new ManagedKey(kidOf(pair), algorithm, pair, createdAt, activatesAt, null, null);
    }

    private KeyPair keyPair(SigningAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = Jca.keyPairGenerator(algorithm.keyAlgorithm());
            switch (algorithm) {
                case ES256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                case RS256 -> generator.initialize(new RSAKeyGenParameterSpec(rsaKeySize, RSAKeyGenParameterSpec.F4), random);
                // Ed25519 has one key size; the native generator refuses initialize(255) and draws its own randomness.
                case EdDSA -> { }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate " + algorithm.jwsName() + " keys", e);
        }
    }

    /** The RFC 7638 SHA-256 thumbprint: a kid derived from the public key, identical after every reload. */
    static String kidOf(KeyPair pair) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic()).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException("cannot compute the JWK thumbprint of a " + pair.getPublic().getAlgorithm() + " key", e);
        }
    }
}
