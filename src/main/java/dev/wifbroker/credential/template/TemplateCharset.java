package dev.wifbroker.credential.template;

import dev.wifbroker.credential.aws.AwsLimits;
import java.util.regex.Pattern;

/** What a rendered template may contain for each kind of target field; anything else becomes {@code -}. */
public enum TemplateCharset {
    /** AWS {@code RoleSessionName}: {@code [\w+=,.@-]}, 2 to 64 characters. */
    AWS_SESSION_NAME(AwsLimits.SESSION_NAME_CHAR, AwsLimits.SESSION_NAME_MAX),
    /** AWS session tag values: letters, digits, spaces and {@code _.:/=+-@}, at most 256. */
    AWS_TAG_VALUE(AwsLimits.TAG_VALUE_CHAR, AwsLimits.MAX_TAG_VALUE),
    /** Claims of internal tokens: any printable text, at most 256. */
    TEXT("[^\\p{Cc}]", 256);

    private final Pattern allowed;
    private final int maxLength;

    TemplateCharset(String allowedChar, int maxLength) {
        this.allowed = Pattern.compile(allowedChar);
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    public String sanitize(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
        value.codePoints().limit(maxLength).forEach(cp -> {
            String c = new String(Character.toChars(cp));
            out.append(allowed.matcher(c).matches() ? c : "-");
        });
        return out.toString();
    }
}
