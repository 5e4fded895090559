package dev.wifbroker.text;

/**
 * How caller-supplied values appear in what the broker writes back or logs. A value is echoed at most
 * {@value #MAX_ECHO} characters long, then marked {@code ...[+N chars]}; a whole error text is at most
 * {@value #MAX_ERROR_TEXT} characters of RFC 6749 §5.2 text (printable ASCII without {@code "} and
 * {@code \}), so no input can grow a response or a log line, break out of a quoted value or inject a line.
 */
public final class CallerText {
    /** The most characters of one caller value that a message, response or audit field repeats. */
    public static final int MAX_ECHO = 256;
    /** The most characters of one error text (it may hold a few echoed values). */
    public static final int MAX_ERROR_TEXT = 1024;

    private CallerText() {}

    /** The value, cut to {@value #MAX_ECHO} characters with a marker saying how much was left out. */
    public static String bounded(String value) {
        return bounded(value, MAX_ECHO);
    }

    /** The value between single quotes, bounded: how messages name what the caller sent. */
    public static String quoted(String value) {
        return "'" + bounded(value) + "'";
    }

    /**
     * An error text as RFC 6749 §5.2 allows it in {@code error_description} ({@code %x20-21 / %x23-5B /
     * %x5D-7E}): {@code "} becomes {@code '}, {@code \} becomes {@code /}, line breaks and tabs a space, every
     * other character outside the set {@code ?}; then bounded to {@value #MAX_ERROR_TEXT} characters.
     */
    public static String errorText(String text) {
        if (text == null) {
            return null;
        }
        String cut = bounded(text, MAX_ERROR_TEXT);
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"') {
                out.append('\'');
            } else if (c == '\\') {
                out.append('/');
            } else if (c == '\r' || c == '\n' || c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c > 0x7E) {
                out.append('?');
                if (Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The value, cut to {@code max} characters with the same marker. */
    public static String bounded(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + "...[+" + (value.length() - end) + " chars]";
    }
}
