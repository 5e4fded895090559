package dev.wifbroker.credential.template;

import java.util.regex.Pattern;

/**
 * What a rendered template may contain for one kind of target field; anything else becomes {@code -}. This
 * package owns only {@link #TEXT}: a target kind declares its own fields' charsets beside its limits
 * ({@code AwsLimits.SESSION_NAME_CHARSET}), so kinds depend on templates and never the reverse. Charsets are
 * constants, compared by identity.
 */
public final class TemplateCharset {
    /** Claims of internal tokens: any printable text, at most 256. */
    public static final TemplateCharset TEXT = new TemplateCharset("TEXT", "[^\\p{Cc}]", 256);

    private final String name;
    private final Pattern allowed;
    private final int maxLength;
    /** The pattern's answer for each ASCII character, asked once: rendering runs on every exchange. */
    private final boolean[] asciiAllowed = new boolean[128];

    /**
     * @param name a stable name: it is part of a credential's key in the shared store, so renaming one changes
     *     the keys of every role whose target uses it
     * @param allowedChar a pattern matching one allowed character
     * @param maxLength the longest rendered value, in code points
     */
    public TemplateCharset(String name, String allowedChar, int maxLength) {
        this.name = name;
        this.allowed = Pattern.compile(allowedChar);
        this.maxLength = maxLength;
        for (char c = 0; c < 128; c++) {
            asciiAllowed[c] = allowed.matcher(String.valueOf(c)).matches();
        }
    }

    public String name() {
        return name;
    }

    public int maxLength() {
        return maxLength;
    }

    public String sanitize(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
        value.codePoints().limit(maxLength).forEach(cp -> {
            if (cp < 128) {
                out.append(asciiAllowed[cp] ? (char) cp : '-');
            } else {
                String c = new String(Character.toChars(cp));
                out.append(allowed.matcher(c).matches() ? c : "-");
            }
        });
        return out.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
