package dev.wifbroker.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the ring at one rotation step: the active key per algorithm for signers and
 * the JWKS document, serialized once here so serving it costs a byte copy, not a JSON encoding.
 */
public final class KeyRingSnapshot {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ManagedKey> keys;
    private final Map<SigningAlgorithm, ManagedKey> active;
    private final byte[] jwks;
    private final String jwksEtag;

    KeyRingSnapshot(List<ManagedKey> keys) {
        this.keys = List.copyOf(keys);
        EnumMap<SigningAlgorithm, ManagedKey> byAlg = new EnumMap<>(SigningAlgorithm.class);
        // The latest activated key wins, should a hand-edited store ever hold two active keys of one algorithm.
        keys.stream()
                .filter(k -> k.phase() == KeyPhase.ACTIVE)
                .sorted(Comparator.comparing(ManagedKey::activatedAt))
                .forEach(k -> byAlg.put(k.algorithm(), k));
        this.active = byAlg;
        // Sorted by algorithm, then age, so the document (and its ETag) depends only on the key set.
        List<Map<String, Object>> jwkList = keys.stream()
                .sorted(Comparator.comparing(ManagedKey::algorithm).thenComparing(ManagedKey::createdAt)
                        .thenComparing(ManagedKey::kid))
                .map(JwkCodec::publicJwk)
                .toList();
        try {
            this.jwks = JSON.writeValueAsBytes(Map.of("keys", jwkList));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the JWKS", e);
        }
        this.jwksEtag = "\"" + HexFormat.of().formatHex(sha256(jwks), 0, 16) + "\"";
    }

    /** Every key in the ring: published, active and retired. */
    public List<ManagedKey> keys() {
        return keys;
    }

    /** The key that signs new tokens of {@code algorithm}; empty when the algorithm is not enabled. */
    public Optional<ManagedKey> active(SigningAlgorithm algorithm) {
        return Optional.ofNullable(active.get(algorithm));
    }

    /** Package-private fast path for the signer: no Optional allocation. */
    ManagedKey activeOrNull(SigningAlgorithm algorithm) {
        return active.get(algorithm);
    }

    /** The JWKS JSON ({@code {"keys":[...]}}) of all published, active and retired keys. A copy: callers may not change it. */
    public byte[] jwksJson() {
        return Arrays.copyOf(jwks, jwks.length);
    }

    /** The JWKS as text, for tests and tools. */
    public String jwksText() {
        return new String(jwks, StandardCharsets.UTF_8);
    }

    /** A strong HTTP entity tag of the JWKS, so relying parties can revalidate cheaply. */
    public String jwksEtag() {
        return jwksEtag;
    }

    /** Base64url of the SHA-256 of the JWKS, for log lines that say which key set is in force. */
    public String version() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(jwks)).substring(0, 12);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
