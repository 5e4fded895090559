package dev.wifbroker.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/** Mints test tokens from claim fixtures under {@code src/test/resources/claims/}. */
public final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {}

    /** A fixture's claims, mutable, without time claims. */
    public static Map<String, Object> fixture(String path) {
        try (InputStream in = Tokens.class.getResourceAsStream("/claims/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets iat = now, nbf = now, exp = now + ttl seconds. */
    public static Map<String, Object> fresh(Map<String, Object> claims, Instant now, long ttlSeconds) {
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + ttlSeconds);
        return claims;
    }

    public static String sign(Map<String, Object> claims, PublicJsonWebKey key, String alg) {
        return sign(claims, key, key.getKeyId(), alg);
    }

    /** Signs with {@code key} but names {@code kid} in the header. */
    public static String sign(Map<String, Object> claims, PublicJsonWebKey key, String kid, String alg) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(JSON.writeValueAsString(claims));
            jws.setAlgorithmHeaderValue(alg);
            jws.setKeyIdHeaderValue(kid);
            jws.setHeader("typ", "JWT");
            jws.setKey(key.getPrivateKey());
            return jws.getCompactSerialization();
        } catch (JoseException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
