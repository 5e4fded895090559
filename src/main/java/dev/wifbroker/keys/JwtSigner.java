package dev.wifbroker.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.crypto.SignatureCache;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Signs JWTs with the ring's active key of the requested algorithm. The hot path takes one volatile
 * read of the key ring snapshot and a {@link Signature} cached per thread and algorithm ({@link SignatureCache}, from
 * the provider in force), so no lock is
 * shared between concurrent signers or with rotation: a signer that read the snapshot just before a
 * rotation finishes with the key it read, which stays in the JWKS (retired) for the retention time.
 */
public final class JwtSigner {
    /** Header parameters the signer owns, or that would make verifiers expect something it does not do. */
    public static final Set<String> RESERVED_HEADERS = Set.of("alg", "kid", "crit", "b64", "jku", "jwk", "x5u", "x5c");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyRing ring;
    private final Clock clock;
    private static final SignatureCache SIGNATURES = new SignatureCache(
            Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::jcaSignature).toList());

    public JwtSigner(KeyRing ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /**
     * Signs {@code claims} with the active key of {@code algorithm}.
     *
     * @param headerExtras header parameters besides {@code alg} and {@code kid}, such as {@code typ}; none of
     *                     {@link #RESERVED_HEADERS}
     * @param claims the payload; must carry a numeric {@code exp} no further ahead than the ring's
     *               max token lifetime, because a retired key leaves the JWKS that long after retirement and
     *               a longer-lived token would stop verifying before it expires
     * @throws IllegalArgumentException for a reserved header, a missing or too distant {@code exp}
     * @throws IllegalStateException when {@code algorithm} is not enabled in the ring
     */
    public SignedJwt sign(Map<String, Object> headerExtras, Map<String, Object> claims, SigningAlgorithm algorithm) {
        checkExpiry(claims);
        ManagedKey key = ring.snapshot().activeOrNull(algorithm);
        if (key == null) {
            throw new IllegalStateException("no active " + algorithm.jwsName() + " key: the algorithm is not enabled in broker.keys.algorithms");
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm.jwsName());
        header.put("kid", key.kid());
        for (Map.Entry<String, Object> e : headerExtras.entrySet()) {
            if (RESERVED_HEADERS.contains(e.getKey())) {
                throw new IllegalArgumentException("header parameter '" + e.getKey() + "' is set by the signer or not supported");
            }
            header.put(e.getKey(), e.getValue());
        }
        String signingInput = B64.encodeToString(json(header)) + "." + B64.encodeToString(json(claims));
        byte[] signature = signatureOf(signingInput.getBytes(StandardCharsets.US_ASCII), key);
        return new SignedJwt(signingInput + "." + B64.encodeToString(signature), key.kid(), algorithm);
    }

    private void checkExpiry(Map<String, Object> claims) {
        if (!(claims.get("exp") instanceof Number exp)) {
            throw new IllegalArgumentException("claims need a numeric exp: a token that never expires would outlive its key");
        }
        long latest = clock.instant().plus(ring.settings().maxTokenLifetime()).getEpochSecond();
        if (exp.longValue() > latest) {
            throw new IllegalArgumentException("exp is beyond the key ring's max token lifetime of " + ring.settings().maxTokenLifetime());
        }
    }

    private byte[] signatureOf(byte[] input, ManagedKey key) {
        int slot = key.algorithm().ordinal();
        try {
            Signature signature = SIGNATURES.get(slot);
            signature.initSign(key.keyPair().getPrivate());
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            // Drop the instance: after a failure its state is unknown.
            SIGNATURES.discard(slot);
            throw new IllegalStateException("signing with " + key + " failed", e);
        }
    }

    /** The provider of this thread's instance for {@code algorithm}: what the next signature runs on. */
    static java.security.Provider providerOf(SigningAlgorithm algorithm) throws GeneralSecurityException {
        return SIGNATURES.get(algorithm.ordinal()).getProvider();
    }

    private static byte[] json(Map<String, Object> map) {
        try {
            return JSON.writeValueAsBytes(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("JWT header or claims are not serializable as JSON: " + e.getOriginalMessage());
        }
    }
}
