package dev.wifbroker.policy.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the claims of a compact JWT WITHOUT checking its signature, issuer or times. Only for offline
 * tools (policy tests, {@code policy explain --token}) that say so in their output; the exchange path
 * always goes through the token verifier.
 */
public final class UnverifiedJwt {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UnverifiedJwt() {}

    public static Map<String, Object> claims(String token) {
        String[] parts = token.strip().split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWT (expected 3 dot-separated parts, got " + parts.length + ")");
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
            return JSON.readValue(payload, new TypeReference<Map<String, Object>>() {});
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("the JWT payload is not base64url-encoded JSON");
        }
    }

    /** The unverified {@code iss}, to pick the issuer whose profile normalizes the claims. */
    public static String issuer(Map<String, Object> claims) {
        return claims.get("iss") instanceof String s ? s : null;
    }
}
