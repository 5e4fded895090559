package dev.wifbroker.identity.jwks;

import java.util.List;
import java.util.Locale;

/**
 * The asymmetric JWS algorithms the broker can verify. {@code none} and HMAC are not members, so no
 * allowlist can ever contain them.
 */
public final class JwsAlgorithms {
    public static final List<String> SUPPORTED = List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private JwsAlgorithms() {}

    public static boolean supported(String alg) {
        return SUPPORTED.contains(alg);
    }

    /** Explains why an algorithm name is refused, for config errors and token failures. */
    public static String whyRefused(String alg) {
        String upper = alg == null ? "" : alg.toUpperCase(Locale.ROOT);
        if (upper.equals("NONE") || upper.isBlank()) {
            return "unsigned tokens (alg none) are never accepted";
        }
        if (upper.startsWith("HS")) {
            return "HMAC algorithms are never accepted (a shared secret is not an identity)";
        }
        return "'" + alg + "' is not a supported asymmetric JWS algorithm (supported: " + String.join(", ", SUPPORTED) + ")";
    }

    /** The key family an algorithm needs; null when unsupported. */
    public static String familyOf(String alg) {
        if (alg == null) {
            return null;
        }
        return switch (alg) {
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512" -> "RSA";
            case "ES256" -> "EC-P-256";
            case "ES384" -> "EC-P-384";
            case "ES512" -> "EC-P-521";
            case "EdDSA" -> "OKP-Ed25519";
            default -> null;
        };
    }

    /** The byte length of one coordinate of an ECDSA signature (r or s) for {@code alg}, or 0 if not ECDSA. */
    public static int ecdsaHalfLength(String alg) {
        return switch (alg) {
            case "ES256" -> 32;
            case "ES384" -> 48;
            case "ES512" -> 66;
            default -> 0;
        };
    }
}
