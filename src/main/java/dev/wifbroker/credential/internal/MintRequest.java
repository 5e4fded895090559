package dev.wifbroker.credential.internal;

import dev.wifbroker.keys.SigningAlgorithm;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an internal access token says, already decided: the body {@link InternalTokenMinter} signs. Not a
 * second grant: {@link InternalTokenMinter#mint(InternalTarget, dev.wifbroker.credential.Grant)} renders it from
 * the exchange's one {@code Grant} and the target (audience, algorithm, claim templates expanded, lifetime
 * bounded), as {@code AwsSessionSpec} is AWS's rendering; tools and tests sign through it without a policy.
 *
 * @param subject the workload identity ({@code sub})
 * @param audience the relying service ({@code aud})
 * @param scopes granted scopes, each an RFC 6749 scope-token; may be empty
 * @param lifetime from issue to expiry; at most the key ring's max token lifetime
 * @param extraClaims the role's claims; none may be one of {@link InternalTokenMinter#RESERVED_CLAIMS}
 * @param originalIssuer the {@code iss} of the token the workload presented
 * @param originalSubject the {@code sub} of the token the workload presented
 * @param role the role name, emitted as {@code client_id}
 * @param algorithm the signing algorithm; null means {@link #DEFAULT_ALGORITHM}
 */
public record MintRequest(
        String subject,
        String audience,
        List<String> scopes,
        Duration lifetime,
        Map<String, Object> extraClaims,
        String originalIssuer,
        String originalSubject,
        String role,
        SigningAlgorithm algorithm) {

    /** Internal tokens default to ES256: the smallest signatures and the cheapest signing of the three. */
    public static final SigningAlgorithm DEFAULT_ALGORITHM = SigningAlgorithm.ES256;

    public MintRequest {
        requireText(subject, "subject");
        requireText(audience, "audience");
        requireText(originalIssuer, "originalIssuer");
        requireText(originalSubject, "originalSubject");
        requireText(role, "role");
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive, got " + lifetime);
        }
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        // Unmodifiable but order-preserving, so tokens list the role's claims in the order the policy gave them.
        extraClaims = extraClaims == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extraClaims));
        algorithm = algorithm == null ? DEFAULT_ALGORITHM : algorithm;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
