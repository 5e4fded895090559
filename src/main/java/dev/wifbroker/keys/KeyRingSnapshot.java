package dev.wifbroker.keys;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the ring at one rotation step: the active key per algorithm for signers and
 * the JWKS document, serialized once here so serving it costs a byte copy, not a JSON encoding.
 */
public final class KeyRingSnapshot {
    private final List<ManagedKey> keys;
    private final Map<SigningAlgorithm, ManagedKey> active;
    private final JwksDocument jwks;

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
        this.jwks = JwksDocument.of(keys.stream()
                .sorted(Comparator.comparing(ManagedKey::algorithm).thenComparing(ManagedKey::createdAt)
                        .thenComparing(ManagedKey::kid))
                .map(JwkCodec::publicJwk)
                .toList());
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

    /** The JWKS of this ring's published, active and retired keys. */
    public JwksDocument document() {
        return jwks;
    }

    /** The JWKS JSON ({@code {"keys":[...]}}) of all published, active and retired keys. A copy: callers may not change it. */
    public byte[] jwksJson() {
        return jwks.json();
    }

    /** The JWKS as text, for tests and tools. */
    public String jwksText() {
        return jwks.text();
    }

    /** A strong HTTP entity tag of the JWKS, so relying parties can revalidate cheaply. */
    public String jwksEtag() {
        return jwks.etag();
    }

    /** Base64url of the SHA-256 of the JWKS, for log lines that say which key set is in force. */
    public String version() {
        return jwks.version();
    }
}
