package dev.wifbroker.identity;

import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.jwks.VerificationKey;
import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.JoseException;

/** The signature check of a parsed JWS against candidate keys, through jose4j's JWS algorithms. */
public final class JwsSignatures {
    private JwsSignatures() {}

    /** The candidate key whose signature check passes, if any. {@code alg} must already be allowlisted. */
    public static Optional<VerificationKey> verify(CompactJws jws, String alg, List<VerificationKey> candidates) {
        JsonWebSignatureAlgorithm verifier;
        try {
            verifier = AlgorithmFactoryFactory.getInstance().getJwsAlgorithmFactory().getAlgorithm(alg);
        } catch (JoseException e) {
            return Optional.empty();
        }
        for (VerificationKey key : candidates) {
            if (key.accepts(alg) && ecdsaShapeOk(alg, key, jws.signature()) && verifies(verifier, key, jws)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** Exact-length P1363 signatures with r and s in [1, n-1]; DER and out-of-range values never reach the JCA. */
    static boolean ecdsaShapeOk(String alg, VerificationKey key, byte[] signature) {
        int half = JwsAlgorithms.ecdsaHalfLength(alg);
        if (half == 0) {
            return true;
        }
        if (signature.length != 2 * half || !(key.key() instanceof ECPublicKey ec)) {
            return false;
        }
        BigInteger n = ec.getParams().getOrder();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, 2 * half));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
    }

    private static boolean verifies(JsonWebSignatureAlgorithm verifier, VerificationKey key, CompactJws jws) {
        try {
            return verifier.verifySignature(jws.signature(), key.key(), jws.signingInput(), new ProviderContext());
        } catch (JoseException | RuntimeException e) {
            return false;
        }
    }
}
