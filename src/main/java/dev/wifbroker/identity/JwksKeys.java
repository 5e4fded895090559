package dev.wifbroker.identity;

import dev.wifbroker.identity.jwks.JwksSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * The verification keys of one JWKS document, for code outside {@code identity} that checks a JWS against a key
 * set it holds itself (the operator API, against the broker's own published keys), with the same key parsing
 * and signature checks as workload tokens.
 */
public final class JwksKeys {
    private static final JwksKeys EMPTY = new JwksKeys(new JwksSnapshot(List.of(), List.of(), Instant.EPOCH));
    private final JwksSnapshot snapshot;

    private JwksKeys(JwksSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** @throws IllegalArgumentException when {@code jwks} is not a JWK Set */
    public static JwksKeys parse(String jwks, Instant at) {
        return new JwksKeys(JwksSnapshot.parse(jwks, at));
    }

    public static JwksKeys empty() {
        return EMPTY;
    }

    /** Whether the set has a key with this {@code kid} usable for {@code alg}. */
    public boolean has(String kid, String alg) {
        return kid != null && !snapshot.candidates(kid, alg).isEmpty();
    }

    /** Whether the key {@code kid} verifies {@code jws}'s signature under {@code alg} (already allowlisted by the caller). */
    public boolean verifies(CompactJws jws, String kid, String alg) {
        return kid != null && JwsSignatures.verify(jws, alg, snapshot.candidates(kid, alg)).isPresent();
    }
}
