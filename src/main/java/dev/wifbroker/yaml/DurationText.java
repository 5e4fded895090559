package dev.wifbroker.yaml;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 90s}, {@code 15m}, {@code 1h}, {@code 500ms}, or ISO-8601 {@code PT15M}
 * (upper case, unsigned parts, at least one part). {@link #PATTERN} is the whole grammar; the published JSON Schemas
 * use it verbatim (a test keeps them equal), so an editor and the broker accept the same texts.
 */
public final class DurationText {
    /** Every accepted duration text, and nothing else (no spaces, signs or lower-case ISO letters). */
    public static final String PATTERN =
            "[0-9]{1,9}(ms|s|m|h|d)|P(?=[0-9T])([0-9]{1,9}D)?(T(?=[0-9])([0-9]{1,9}H)?([0-9]{1,9}M)?([0-9]{1,9}(\\.[0-9]{1,9})?S)?)?";
    private static final Pattern GRAMMAR = Pattern.compile(PATTERN);
    private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

    private DurationText() {}

    public static Duration parse(String text) {
        if (!GRAMMAR.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (use e.g. 60s, 15m, 1h or PT15M)");
        }
        Matcher m = SHORT.matcher(text);
        if (!m.matches()) {
            return Duration.parse(text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    public static String format(Duration d) {
        long s = d.getSeconds();
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        if (s % 3600 == 0 && s > 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
