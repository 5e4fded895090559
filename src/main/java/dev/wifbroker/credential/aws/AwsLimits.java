package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.template.TemplateCharset;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * AWS's own limits on what the broker sends STS, written once: the policy parser refuses a role beyond them,
 * the session renderer checks each rendered value against them (and templates are sanitized to its charsets),
 * and the STS facade validates its callers with them.
 */
public final class AwsLimits {
    /** {@code DurationSeconds}: 900 s to 12 h (the IAM role's own maximum may be lower). */
    public static final Duration MIN_DURATION = Duration.ofSeconds(900);
    public static final Duration MAX_DURATION = Duration.ofHours(12);
    /** One character of a {@code RoleSessionName} or {@code SourceIdentity}. */
    public static final String SESSION_NAME_CHAR = "[\\w+=,.@-]";
    public static final int SESSION_NAME_MIN = 2;
    public static final int SESSION_NAME_MAX = 64;
    /** {@code RoleSessionName} and {@code SourceIdentity}: {@code [\w+=,.@-]{2,64}}. */
    public static final Pattern SESSION_NAME = Pattern.compile(SESSION_NAME_CHAR + "{" + SESSION_NAME_MIN + ","
            + SESSION_NAME_MAX + "}");
    /** One character of a session tag value (letters, digits, spaces and {@code _.:/=+-@}). */
    public static final String TAG_VALUE_CHAR = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]";
    public static final int MAX_TAGS = 50;
    public static final int MAX_TAG_KEY = 128;
    public static final int MAX_TAG_VALUE = 256;
    /** What a rendered {@code RoleSessionName} or {@code SourceIdentity} template keeps: its charset, 64 characters. */
    public static final TemplateCharset SESSION_NAME_CHARSET = new TemplateCharset("AWS_SESSION_NAME", SESSION_NAME_CHAR,
            SESSION_NAME_MAX);
    /** What a rendered session tag value keeps: its charset, 256 characters. */
    public static final TemplateCharset TAG_VALUE_CHARSET = new TemplateCharset("AWS_TAG_VALUE", TAG_VALUE_CHAR, MAX_TAG_VALUE);
    public static final Pattern TAG_KEY = Pattern.compile(TAG_VALUE_CHAR + "{1," + MAX_TAG_KEY + "}");
    public static final int MAX_SESSION_POLICY_CHARS = 2048;
    public static final int MAX_MANAGED_POLICIES = 10;
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    public static final Pattern POLICY_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::(\\d{12}|aws):policy/[\\w+=,.@/-]{1,512}");

    private AwsLimits() {}
}
