package dev.wifbroker.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * One replica's public key as published in the shared store: the JWK, when it was first published, and
 * when it may leave every replica's JWKS. Entries read back are untrusted input (anyone with write access
 * to the store can write one), so {@link #parse} accepts only what this broker itself would publish and
 * re-encodes the JWK from the parsed key: no private parameters, no extra members, a kid that is the key's
 * thumbprint, our algorithms with their key sizes, and an expiry no further ahead than a real entry's.
 *
 * @param kid the RFC 7638 thumbprint of the public key; also the entry's field name in the store
 * @param algorithm the one algorithm the key signs with
 * @param jwk the public JWK exactly as served (kid, use, alg, public parameters)
 * @param replica the publishing replica's id, for operators (never trusted for anything)
 * @param publishedAt when the key first reached the store; a replica signs only after others had time to see it
 * @param expiresAt after this instant no replica serves the key
 */
public record ClusterKeyEntry(String kid, SigningAlgorithm algorithm, Map<String, Object> jwk, String replica,
        Instant publishedAt, Instant expiresAt) {

    /** Far above a real entry (an RSA-4096 JWK is about 1 KB) and small enough that a flood of entries stays cheap to refuse. */
    static final int MAX_ENTRY_BYTES = 4096;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MEMBERS = Set.of("jwk", "replica", "publishedAt", "expiresAt");

    static ClusterKeyEntry of(ManagedKey key, String replica, Instant publishedAt, Instant expiresAt) {
        return new ClusterKeyEntry(key.kid(), key.algorithm(), JwkCodec.publicJwk(key), replica, publishedAt, expiresAt);
    }

    /** The stored JSON; the kid is the field name, not repeated here. */
    String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("jwk", jwk);
        map.put("replica", replica);
        map.put("publishedAt", publishedAt.toEpochMilli());
        map.put("expiresAt", expiresAt.toEpochMilli());
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the key entry of " + kid, e);
        }
    }

    /**
     * Reads an entry of the store, refusing anything this broker would not have written.
     *
     * @param latestExpiry the furthest expiry a genuine entry can announce at this moment
     * @throws IllegalArgumentException naming what is wrong (never echoing key material)
     */
    @SuppressWarnings("unchecked")
    static ClusterKeyEntry parse(String kid, String json, Instant latestExpiry) {
        if (json.length() > MAX_ENTRY_BYTES) {
            throw new IllegalArgumentException("entry is " + json.length() + " bytes, above " + MAX_ENTRY_BYTES);
        }
        Map<String, Object> map;
        try {
            map = JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("entry is not a JSON object");
        }
        if (!MEMBERS.containsAll(map.keySet()) || !(map.get("jwk") instanceof Map<?, ?> params)
                || !(map.get("replica") instanceof String replica) || replica.length() > 128
                || !(map.get("publishedAt") instanceof Number published) || !(map.get("expiresAt") instanceof Number expires)) {
            throw new IllegalArgumentException("entry needs exactly jwk, replica, publishedAt and expiresAt");
        }
        Instant expiresAt = Instant.ofEpochMilli(expires.longValue());
        if (expiresAt.isAfter(latestExpiry)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is beyond what any replica announces (" + latestExpiry + ")");
        }
        if (params.containsKey("d") || params.containsKey("p") || params.containsKey("k")) {
            throw new IllegalArgumentException("jwk carries private or symmetric key material");
        }
        if (!(params.get("alg") instanceof String algName)) {
            throw new IllegalArgumentException("jwk has no alg");
        }
        SigningAlgorithm alg = SigningAlgorithm.fromJwsName(algName)
                .orElseThrow(() -> new IllegalArgumentException("jwk alg is not one the broker signs with"));
        PublicJsonWebKey parsed;
        try {
            parsed = PublicJsonWebKey.Factory.newPublicJwk((Map<String, Object>) params);
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("jwk is unreadable (" + e.getClass().getSimpleName() + ")");
        }
        checkKeyFitsAlgorithm(parsed, alg);
        String thumbprint = parsed.calculateBase64urlEncodedThumbprint("SHA-256");
        if (!thumbprint.equals(kid) || !kid.equals(params.get("kid"))) {
            throw new IllegalArgumentException("kid is not the RFC 7638 thumbprint of the key");
        }
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("kid", kid);
        canonical.put("use", "sig");
        canonical.put("alg", alg.jwsName());
        canonical.putAll(parsed.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        return new ClusterKeyEntry(kid, alg, canonical, replica, Instant.ofEpochMilli(published.longValue()), expiresAt);
    }

    private static void checkKeyFitsAlgorithm(PublicJsonWebKey jwk, SigningAlgorithm alg) {
        PublicKey key = jwk.getPublicKey();
        boolean fits = switch (alg) {
            case ES256 -> jwk instanceof EllipticCurveJsonWebKey ec && EllipticCurves.P256.equals(EllipticCurves.getSpec(ec.getCurveName()));
            case RS256 -> key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
            case EdDSA -> jwk instanceof OctetKeyPairJsonWebKey okp && "Ed25519".equals(okp.getSubtype());
        };
        if (!fits) {
            throw new IllegalArgumentException("jwk key type or size does not fit " + alg.jwsName());
        }
    }
}
