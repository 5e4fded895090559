package dev.wifbroker.identity;

import dev.wifbroker.crypto.SignatureCache;
import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.jwks.VerificationKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.lang.InvalidKeyException;
import org.jose4j.lang.JoseException;

/**
 * The signature check of a parsed JWS against candidate keys. jose4j's JWS algorithm checks that the key fits
 * (type, curve, RSA size); the signature itself is checked by a {@link Signature} kept per thread and algorithm
 * ({@link SignatureCache}, from the provider in force), so a verification searches no provider list and builds no
 * instance. ECDSA is verified in the JWS encoding (P1363, r||s) after {@link #ecdsaShapeOk}.
 */
public final class JwsSignatures {
    /** The JCA algorithm of each {@link JwsAlgorithms#SUPPORTED} entry, at the same index. */
    private static final List<String> JCA = JwsAlgorithms.SUPPORTED.stream().map(JwsSignatures::jcaName).toList();
    private static final SignatureCache SIGNATURES = new SignatureCache(JCA);

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
            verifier.validateVerificationKey(key.key());
        } catch (InvalidKeyException | RuntimeException e) {
            return false;
        }
        int slot = JwsAlgorithms.SUPPORTED.indexOf(verifier.getAlgorithmIdentifier());
        if (slot < 0) {
            return false;
        }
        try {
            Signature signature = SIGNATURES.get(slot);
            signature.initVerify(key.key());
            PSSParameterSpec pss = pssOf(verifier.getAlgorithmIdentifier());
            if (pss != null) {
                signature.setParameter(pss);
            }
            signature.update(jws.signingInput());
            return signature.verify(jws.signature());
        } catch (GeneralSecurityException | RuntimeException e) {
            // A refused key or a malformed signature is a failed check; the instance's state is then unknown.
            SIGNATURES.discard(slot);
            return false;
        }
    }

    /** The provider of this thread's instance for {@code alg}: what the next check of an {@code alg} token runs on. */
    static java.security.Provider providerOf(String alg) throws GeneralSecurityException {
        return SIGNATURES.get(JwsAlgorithms.SUPPORTED.indexOf(alg)).getProvider();
    }

    private static String jcaName(String alg) {
        return switch (alg) {
            case "RS256" -> "SHA256withRSA";
            case "RS384" -> "SHA384withRSA";
            case "RS512" -> "SHA512withRSA";
            case "PS256", "PS384", "PS512" -> "RSASSA-PSS";
            case "ES256" -> "SHA256withECDSAinP1363Format";
            case "ES384" -> "SHA384withECDSAinP1363Format";
            case "ES512" -> "SHA512withECDSAinP1363Format";
            case "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("no JCA algorithm for " + alg);
        };
    }

    /** RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash. */
    private static PSSParameterSpec pssOf(String alg) {
        return switch (alg) {
            case "PS256" -> PSS256;
            case "PS384" -> PSS384;
            case "PS512" -> PSS512;
            default -> null;
        };
    }

    private static final PSSParameterSpec PSS256 = new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);
    private static final PSSParameterSpec PSS384 = new PSSParameterSpec("SHA-384", "MGF1", MGF1ParameterSpec.SHA384, 48, 1);
    private static final PSSParameterSpec PSS512 = new PSSParameterSpec("SHA-512", "MGF1", MGF1ParameterSpec.SHA512, 64, 1);
}
