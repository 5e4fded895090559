package dev.wifbroker.identity.jwks;

import java.security.PublicKey;

/**
 * One usable signature-verification key from an issuer's JWKS.
 *
 * @param kid the key id, or null when the JWK has none
 * @param family the algorithm family: {@code RSA}, {@code EC-P-256} (etc.) or {@code OKP-Ed25519}
 * @param alg the JWK's declared {@code alg}, or null when it declares none
 */
public record VerificationKey(String kid, String family, String alg, PublicKey key) {

    /** True when this key can check a signature made with {@code algorithm}. */
    public boolean accepts(String algorithm) {
        if (alg != null && !alg.equals(algorithm)) {
            return false;
        }
        return family.equals(JwsAlgorithms.familyOf(algorithm));
    }
}
