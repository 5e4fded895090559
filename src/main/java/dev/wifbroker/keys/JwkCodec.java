package dev.wifbroker.keys;

import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Converts managed keys to JWK maps: the public form for the JWKS, and the private form plus life-cycle
 * instants for a key store. jose4j does the per-family encoding (RSA, EC, OKP).
 */
final class JwkCodec {
    private JwkCodec() {}

    /** The JWK a relying party sees: public parameters, {@code kid}, {@code alg}, {@code use: sig}. */
    static Map<String, Object> publicJwk(ManagedKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", key.kid());
        jwk.put("use", "sig");
        jwk.put("alg", key.algorithm().jwsName());
        jwk.putAll(jwk(key.keyPair()).toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        return jwk;
    }

    /** The stored form, including the private key: only a {@link KeyRingStore} may hold this. */
    static Map<String, Object> storedForm(ManagedKey key) {
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("kid", key.kid());
        stored.put("alg", key.algorithm().jwsName());
        stored.put("createdAt", key.createdAt().toString());
        stored.put("activatesAt", key.activatesAt().toString());
        stored.put("activatedAt", key.activatedAt() == null ? null : key.activatedAt().toString());
        stored.put("retiredAt", key.retiredAt() == null ? null : key.retiredAt().toString());
        stored.put("jwk", jwk(key.keyPair()).toParams(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return stored;
    }

    /** Reads a stored form back; the kid is recomputed and must match, so a tampered file is noticed. */
    @SuppressWarnings("unchecked")
    static ManagedKey fromStoredForm(Map<String, Object> stored) {
        String kid = string(stored, "kid");
        SigningAlgorithm alg = SigningAlgorithm.fromJwsName(string(stored, "alg"))
                .orElseThrow(() -> new IllegalArgumentException("key " + kid + ": unknown alg " + stored.get("alg")));
        if (!(stored.get("jwk") instanceof Map<?, ?> params)) {
            throw new IllegalArgumentException("key " + kid + ": no jwk");
        }
        KeyPair pair;
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk((Map<String, Object>) params);
            if (jwk.getPrivateKey() == null) {
                throw new IllegalArgumentException("key " + kid + ": the stored jwk has no private part");
            }
            pair = new KeyPair(jwk.getPublicKey(), jwk.getPrivateKey());
        } catch (JoseException e) {
            throw new IllegalArgumentException("key " + kid + ": unreadable jwk (" + e.getClass().getSimpleName() + ")");
        }
        if (!KeyMaterial.kidOf(pair).equals(kid)) {
            throw new IllegalArgumentException("key " + kid + ": kid does not match the stored key's thumbprint");
        }
        return new ManagedKey(kid, alg, pair, instant(stored, "createdAt"), instant(stored, "activatesAt"),
                optionalInstant(stored, "activatedAt"), optionalInstant(stored, "retiredAt"));
    }

    private static PublicJsonWebKey jwk(KeyPair pair) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(pair.getPublic());
            jwk.setPrivateKey(pair.getPrivate());
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("cannot encode a " + pair.getPublic().getAlgorithm() + " key as a JWK", e);
        }
    }

    private static String string(Map<String, Object> map, String name) {
        if (!(map.get(name) instanceof String s)) {
            throw new IllegalArgumentException("stored key has no " + name);
        }
        return s;
    }

    private static Instant instant(Map<String, Object> map, String name) {
        return Instant.parse(string(map, name));
    }

    private static Instant optionalInstant(Map<String, Object> map, String name) {
        return map.get(name) == null ? null : instant(map, name);
    }
}
