package dev.wifbroker.identity.jwks;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.EllipticCurve;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * An immutable set of verification keys as fetched at one moment. Parsing keeps only keys that can
 * verify signatures: public asymmetric keys with {@code use} absent or {@code sig} and {@code key_ops}
 * absent or including {@code verify}, EC points on their curve, RSA of at least 2048 bits with a sane exponent and no ROCA fingerprint. Everything else is listed in {@link #skipped()} for operators.
 */
public record JwksSnapshot(List<VerificationKey> keys, List<String> skipped, Instant fetchedAt) {
    private static final int MIN_RSA_BITS = 2048;

    public JwksSnapshot {
        keys = List.copyOf(keys);
        skipped = List.copyOf(skipped);
    }

    /** Keys that may verify a token with this {@code kid} (null: the token has none) and {@code alg}. */
    public List<VerificationKey> candidates(String kid, String alg) {
        List<VerificationKey> out = new ArrayList<>(1);
        for (VerificationKey k : keys) {
            if ((kid == null || kid.equals(k.kid())) && k.accepts(alg)) {
                out.add(k);
            }
        }
        return out;
    }

    public boolean containsKid(String kid) {
        return keys.stream().anyMatch(k -> kid.equals(k.kid()));
    }

    /** Parses a JWKS document; throws {@link IllegalArgumentException} with a readable message if it is not one. */
    public static JwksSnapshot parse(String json, Instant fetchedAt) {
        JsonWebKeySet set;
        try {
            set = new JsonWebKeySet(json);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("not a JWK Set: " + e.getMessage());
        }
        List<VerificationKey> keys = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonWebKey jwk : set.getJsonWebKeys()) {
            String id = jwk.getKeyId() == null ? "(no kid)" : jwk.getKeyId();
            if (jwk.getUse() != null && !"sig".equals(jwk.getUse())) {
                skipped.add(id + ": use is '" + jwk.getUse() + "', not sig");
                continue;
            }
            if (jwk.getKeyOps() != null && !jwk.getKeyOps().contains("verify")) {
                skipped.add(id + ": key_ops " + jwk.getKeyOps() + " does not include verify");
                continue;
            }
            if (!(jwk instanceof PublicJsonWebKey pub) || pub.getPublicKey() == null) {
                skipped.add(id + ": not an asymmetric public key (kty " + jwk.getKeyType() + ")");
                continue;
            }
            if (pub.getPrivateKey() != null) {
                skipped.add(id + ": contains private key material; refusing it");
                continue;
            }
            String family = family(pub);
            if (family == null) {
                skipped.add(id + ": unsupported key type or curve");
                continue;
            }
            if (pub.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                skipped.add(id + ": RSA key of " + rsa.getModulus().bitLength() + " bits is below " + MIN_RSA_BITS);
                continue;
            }
            if (pub.getPublicKey() instanceof ECPublicKey ec && !onCurve(ec)) {
                skipped.add(id + ": EC point is not on curve " + family);
                continue;
            }
            if (pub.getPublicKey() instanceof RSAPublicKey rsa && weakRsa(rsa) != null) {
                skipped.add(id + ": " + weakRsa(rsa));
                continue;
            }
            if (jwk.getAlgorithm() != null && !family.equals(JwsAlgorithms.familyOf(jwk.getAlgorithm()))) {
                skipped.add(id + ": alg '" + jwk.getAlgorithm() + "' does not fit its key type");
                continue;
            }
            keys.add(new VerificationKey(jwk.getKeyId(), family, jwk.getAlgorithm(), pub.getPublicKey()));
        }
        return new JwksSnapshot(keys, skipped, fetchedAt);
    }

    /** True when the point satisfies y^2 = x^3 + ax + b over the curve's prime field (the NIST curves have cofactor 1). */
    static boolean onCurve(ECPublicKey ec) {
        if (!(ec.getParams().getCurve().getField() instanceof ECFieldFp field)) {
            return false;
        }
        BigInteger p = field.getP();
        BigInteger x = ec.getW().getAffineX();
        BigInteger y = ec.getW().getAffineY();
        if (x == null || y == null || x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        EllipticCurve curve = ec.getParams().getCurve();
        return y.multiply(y).mod(p).equals(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p));
    }

    /** Why an RSA key cannot be trusted to verify anything, or null: e = 1 makes every padded hash a signature. */
    static String weakRsa(RSAPublicKey rsa) {
        BigInteger e = rsa.getPublicExponent();
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(rsa.getModulus()) >= 0) {
            return "RSA public exponent " + e + " is not an odd number between 3 and n";
        }
        if (hasRocaFingerprint(rsa.getModulus())) {
            return "RSA modulus has the ROCA fingerprint (CVE-2017-15361); its private key can be computed";
        }
        return null;
    }

    /**
     * The ROCA test of Nemec et al. (CCS 2017): a modulus made by the vulnerable Infineon library is, modulo each
     * small prime p, a power of 65537. A random modulus passes all these primes with negligible probability.
     */
    static boolean hasRocaFingerprint(BigInteger n) {
        for (int p : ROCA_PRIMES) {
            int residue = n.mod(BigInteger.valueOf(p)).intValue();
            boolean found = false;
            long power = 1;
            for (int i = 0; i < p && !found; i++) {
                found = power == residue;
                power = power * (65537 % p) % p;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static final int[] ROCA_PRIMES = {3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73,
        79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167};

    private static String family(PublicJsonWebKey jwk) {
        if (jwk instanceof RsaJsonWebKey) {
            return "RSA";
        }
        if (jwk instanceof EllipticCurveJsonWebKey ec && ec.getPublicKey() instanceof ECPublicKey) {
            return switch (String.valueOf(ec.getCurveName())) {
                case "P-256" -> "EC-P-256";
                case "P-384" -> "EC-P-384";
                case "P-521" -> "EC-P-521";
                default -> null;
            };
        }
        if (jwk instanceof OctetKeyPairJsonWebKey okp && "Ed25519".equals(okp.getSubtype())) {
            return "OKP-Ed25519";
        }
        return null;
    }

}
