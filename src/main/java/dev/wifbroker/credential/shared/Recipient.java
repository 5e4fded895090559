package dev.wifbroker.credential.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * A replica able to read shared entries: its X25519 public key and until when it announced itself. Read back
 * from the store as untrusted input: {@link #parse} accepts only what a replica writes (a bare X25519 JWK whose
 * thumbprint is the field name, an expiry no further ahead than a genuine one) and nothing else.
 *
 * @param kid RFC 7638 thumbprint of {@code key}; the field name in the recipients hash
 */
record Recipient(String kid, PublicKey key, Instant expiresAt) {
    static final int MAX_ENTRY_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JWK_MEMBERS = Set.of("kty", "crv", "x");

    static Recipient of(ReplicaKey own, Instant expiresAt) {
        return new Recipient(own.kid(), own.publicKey(), expiresAt);
    }

    String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("jwk", new OctetKeyPairJsonWebKey(key).toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        map.put("expiresAt", expiresAt.toEpochMilli());
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode recipient " + kid, e);
        }
    }

    /**
     * @param latestExpiry the furthest expiry a genuine entry can announce now
     * @throws IllegalArgumentException naming what is wrong
     */
    static Recipient parse(String field, String json, Instant latestExpiry) {
        if (json.length() > MAX_ENTRY_CHARS) {
            throw new IllegalArgumentException("entry is " + json.length() + " characters, above " + MAX_ENTRY_CHARS);
        }
        Map<?, ?> map;
        try {
            map = JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("entry is not a JSON object");
        }
        if (map == null || !map.keySet().equals(Set.of("jwk", "expiresAt")) || !(map.get("jwk") instanceof Map<?, ?> jwk)
                || !(map.get("expiresAt") instanceof Long || map.get("expiresAt") instanceof Integer)) {
            throw new IllegalArgumentException("entry needs exactly jwk and an integer expiresAt");
        }
        Instant expiresAt = Instant.ofEpochMilli(((Number) map.get("expiresAt")).longValue());
        if (expiresAt.isAfter(latestExpiry)) {
            throw new IllegalArgumentException("expiresAt is beyond what any replica announces");
        }
        if (!jwk.keySet().equals(JWK_MEMBERS) || !"OKP".equals(jwk.get("kty")) || !"X25519".equals(jwk.get("crv"))
                || !(jwk.get("x") instanceof String x) || !rawKey(x)) {
            throw new IllegalArgumentException("jwk is not a bare X25519 public key (kty, crv, x)");
        }
        OctetKeyPairJsonWebKey parsed;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> params = (Map<String, Object>) jwk;
            parsed = new OctetKeyPairJsonWebKey(params);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("jwk is unreadable (" + e.getClass().getSimpleName() + ")");
        }
        if (!parsed.calculateBase64urlEncodedThumbprint("SHA-256").equals(field)) {
            throw new IllegalArgumentException("field name is not the RFC 7638 thumbprint of the key");
        }
        return new Recipient(field, parsed.getPublicKey(), expiresAt);
    }

    private static boolean rawKey(String x) {
        if (x.length() != 43) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(x).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
