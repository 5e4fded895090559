package dev.wifbroker.api.aws;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Wire details both AWS protocols share. */
final class AwsTokens {
    /** RFC 3339 UTC with {@code Z} and whole seconds: parsed by every SDK (JS v3 insists on the {@code Z}). */
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private AwsTokens() {}

    static String timestamp(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * The token of an {@code Authorization} header: SDKs send the token file's bytes verbatim (no scheme),
     * other clients may send {@code Bearer <token>}. Surrounding whitespace, such as a token file's
     * trailing newline, is dropped.
     */
    static Optional<String> fromAuthorization(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** The 12-digit account of an assumed-role ARN ({@code arn:aws:sts::123456789012:assumed-role/R/S}). */
    static Optional<String> accountOf(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && parts[4].matches("\\d{12}") ? Optional.of(parts[4]) : Optional.empty();
    }
}
