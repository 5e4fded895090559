package dev.wifbroker.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code Retry-After} (RFC 9110 §10.2.3), both ways: an upstream's header read ({@link #parse}: delay-seconds
 * or an HTTP-date; anything else, a date already past or a zero delay is no hint, and bounding the hint is the
 * caller's business), and a delay written as the header's delay-seconds ({@link #seconds}).
 */
public final class RetryAfter {
    private static final long MAX_SECONDS = 86_400L * 365;

    private RetryAfter() {}

    public static Optional<Duration> parse(String header, Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        if (value.matches("\\d{1,12}")) {
            long seconds = Math.min(Long.parseLong(value), MAX_SECONDS);
            return seconds > 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        }
        try {
            // RFC_1123_DATE_TIME reads the IMF-fixdate every server sends ("Sun, 06 Nov 1994 08:49:37 GMT").
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            if (wait.isNegative() || wait.isZero()) {
                return Optional.empty();
            }
            // Whole seconds, as the header the caller gets carries them.
            return Optional.of(Duration.ofSeconds(Math.min(seconds(wait), MAX_SECONDS)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code delay} as delay-seconds: whole seconds rounded up, and at least 1 (a 0 would invite a retry storm). */
    public static long seconds(Duration delay) {
        return Math.max(1, (delay.toMillis() + 999) / 1000);
    }
}
