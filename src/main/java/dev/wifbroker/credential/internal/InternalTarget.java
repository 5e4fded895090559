package dev.wifbroker.credential.internal;

import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.template.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code credentials.internal}: a JWT signed by the broker for one internal service.
 *
 * @param audience the {@code aud} of the token: one service
 * @param scopes the {@code scope} values granted (space-separated in the token)
 * @param duration token lifetime, at most 1 h
 * @param claims extra claims; strings may be templates from verified claims, numbers and booleans are literal
 * @param algorithm the signing algorithm
 */
public record InternalTarget(String audience, List<String> scopes, Duration duration, Map<String, Object> claims,
        Algorithm algorithm) implements CredentialTarget {
    public static final Duration MAX = Duration.ofHours(1);
    public static final Duration DEFAULT = Duration.ofMinutes(5);
    /** Claims the broker sets itself; a policy may not override them. */
    public static final Set<String> RESERVED = Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "scope",
            "client_id", "act", "cnf");

    public enum Algorithm {
        ES256,
        RS256,
        EdDSA
    }

    public InternalTarget {
        scopes = List.copyOf(scopes);
        claims = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    @Override
    public Duration maxDuration() {
        return MAX;
    }

    @Override
    public List<String> grantableScopes() {
        return scopes;
    }

    @Override
    public Map<String, Template> templates() {
        Map<String, Template> out = new LinkedHashMap<>();
        claims.forEach((name, value) -> {
            if (value instanceof Template t) {
                out.put("claims." + name, t);
            }
        });
        return out;
    }

    @Override
    public boolean signedByBroker() {
        return true;
    }

    /** The extra claims with templates rendered; empty when a template's claim is missing. */
    public Optional<Map<String, Object>> renderClaims(Map<String, Object> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            if (e.getValue() instanceof Template t) {
                Optional<String> v = t.render(attributes);
                if (v.isEmpty()) {
                    return Optional.empty();
                }
                out.put(e.getKey(), v.get());
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return Optional.of(out);
    }
}
