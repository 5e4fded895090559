package dev.wifbroker.identity.jwks;

import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * An immutable set of verification keys as fetched at one moment. Parsing keeps only keys that can
 * verify signatures: public asymmetric keys with {@code use} absent or {@code sig}, RSA of at least
 * 2048 bits. Everything else is listed in {@link #skipped()} for operators.
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
            if (jwk.getAlgorithm() != null && !family.equals(JwsAlgorithms.familyOf(jwk.getAlgorithm()))) {
                skipped.add(id + ": alg '" + jwk.getAlgorithm() + "' does not fit its key type");
                continue;
            }
            keys.add(new VerificationKey(jwk.getKeyId(), family, jwk.getAlgorithm(), pub.getPublicKey()));
        }
        return new JwksSnapshot(keys, skipped, fetchedAt);
    }

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

    public Map<String, Object> describe() {
        return Map.of("keys", keys.size(), "fetchedAt", fetchedAt.toString());
    }
}
