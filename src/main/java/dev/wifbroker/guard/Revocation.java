package dev.wifbroker.guard;

import java.time.Instant;

/**
 * One revocation: exchanges matching it are refused until {@code expiresAt} (or forever when null).
 *
 * @param kind what {@code value} names
 * @param value a role name, a workload subject ({@code issuer|sub}), or a presented token's {@code jti}
 */
public record Revocation(Kind kind, String value, String reason, Instant createdAt, Instant expiresAt) {

    public enum Kind {
        ROLE,
        SUBJECT,
        JTI;

        public static Kind parse(String text) {
            return switch (text) {
                case "role" -> ROLE;
                case "subject" -> SUBJECT;
                case "jti" -> JTI;
                default -> throw new IllegalArgumentException("kind must be role, subject or jti");
            };
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The subject key revocations and rate limits use for a workload. */
    public static String subjectKey(String issuer, String subject) {
        return issuer + "|" + subject;
    }
}
