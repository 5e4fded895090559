package dev.wifbroker.keys;

import java.util.Optional;

/**
 * The algorithms the broker signs with, one key family each. RS256 exists for assertions to clouds
 * (Entra accepts only RSA, AWS rejects EdDSA); ES256 is the default for internal tokens because it is
 * small and cheap to sign; EdDSA is offered for relying parties that prefer it.
 */
public enum SigningAlgorithm {
    /** ECDSA on P-256 with SHA-256; JCA's P1363 format is the JWS encoding (r||s), so no DER conversion. */
    ES256("ES256", "EC", "SHA256withECDSAinP1363Format"),
    /** RSASSA-PKCS1-v1_5 with SHA-256. */
    RS256("RS256", "RSA", "SHA256withRSA"),
    /** Ed25519 (RFC 8037). */
    EdDSA("EdDSA", "Ed25519", "Ed25519");

    private final String jwsName;
    private final String keyAlgorithm;
    private final String jcaSignature;

    SigningAlgorithm(String jwsName, String keyAlgorithm, String jcaSignature) {
        this.jwsName = jwsName;
        this.keyAlgorithm = keyAlgorithm;
        this.jcaSignature = jcaSignature;
    }

    /** The JWS {@code alg} header value. */
    public String jwsName() {
        return jwsName;
    }

    /** The JCA {@code KeyPairGenerator} algorithm. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The JCA {@code Signature} algorithm that yields the JWS signature bytes directly. */
    public String jcaSignature() {
        return jcaSignature;
    }

    /** The algorithm with JWS name {@code alg} (exact, case-sensitive as in JWS), if the broker signs with it. */
    public static Optional<SigningAlgorithm> fromJwsName(String alg) {
        for (SigningAlgorithm a : values()) {
            if (a.jwsName.equals(alg)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
