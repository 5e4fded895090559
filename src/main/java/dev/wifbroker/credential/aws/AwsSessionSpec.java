package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.MissingClaimException;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.text.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One session's AWS-facing values, rendered from the role's {@link AwsTarget} and the verified
 * attributes only: the {@code RoleSessionName}, the session tags and {@code SourceIdentity} (both carried
 * in the assertion), and {@code DurationSeconds}. Everything is already within AWS's limits, so STS can
 * only refuse it for policy reasons, never for syntax.
 *
 * @param tags sorted by key, so equal sessions sign equal assertions
 */
record AwsSessionSpec(String sessionName, SortedMap<String, String> tags, Optional<String> sourceIdentity,
        Duration duration) {
    AwsSessionSpec {
        tags = new TreeMap<>(tags);
        if (!AwsLimits.SESSION_NAME.matcher(sessionName).matches()) {
            throw new IllegalArgumentException("RoleSessionName outside " + AwsLimits.SESSION_NAME);
        }
        sourceIdentity.filter(s -> !AwsLimits.SESSION_NAME.matcher(s).matches()).ifPresent(s -> {
            throw new IllegalArgumentException("SourceIdentity outside " + AwsLimits.SESSION_NAME);
        });
        if (tags.size() > AwsLimits.MAX_TAGS) {
            throw new IllegalArgumentException("more than " + AwsLimits.MAX_TAGS + " session tags");
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (tag.getKey().isEmpty() || tag.getKey().length() > AwsLimits.MAX_TAG_KEY
                    || tag.getValue().codePointCount(0, tag.getValue().length()) > AwsLimits.MAX_TAG_VALUE) {
                throw new IllegalArgumentException("session tag '" + tag.getKey() + "' exceeds AWS's key/value length");
            }
        }
        if (duration.compareTo(AwsLimits.MIN_DURATION) < 0 || duration.compareTo(AwsLimits.MAX_DURATION) > 0) {
            throw new IllegalArgumentException("DurationSeconds outside " + AwsLimits.MIN_DURATION + " to " + AwsLimits.MAX_DURATION);
        }
    }

    /**
     * Renders {@code target} for {@code request}.
     *
     * <p>{@code DurationSeconds} is the target's duration, narrowed by the request's lifetime but never below
     * AWS's 900 s minimum. Without a {@code sessionName} template the session is named
     * {@code <role>-<8 hex of SHA-256(workload)>}: readable in CloudTrail and distinct per workload.
     *
     * @throws MissingClaimException when a template reads a claim the token lacks: a guessed session name
     *                               misattributes and a missing tag can widen an ABAC policy
     */
    static AwsSessionSpec render(AwsTarget target, Grant request) {
        Map<String, Object> attributes = request.attributes();
        String sessionName = target.sessionName()
                .map(t -> padded(rendered(t, attributes, "sessionName"), request.workload()))
                .orElseGet(() -> defaultSessionName(request.role(), request.workload()));
        SortedMap<String, String> tags = new TreeMap<>();
        target.tags().forEach((key, template) -> tags.put(key, rendered(template, attributes, "tag " + key)));
        Optional<String> sourceIdentity = target.sourceIdentity()
                .map(t -> padded(rendered(t, attributes, "sourceIdentity"), request.workload()));
        Duration lifetime = request.lifetimeFor(target);
        Duration duration = lifetime.compareTo(AwsLimits.MIN_DURATION) < 0 ? AwsLimits.MIN_DURATION : lifetime;
        return new AwsSessionSpec(sessionName, tags, sourceIdentity, duration);
    }

    static String defaultSessionName(String role, String workload) {
        String suffix = "-" + shortHash(workload);
        String name = AwsLimits.SESSION_NAME_CHARSET.sanitize(role);
        return name.substring(0, Math.min(name.length(), 64 - suffix.length())) + suffix;
    }

    private static String rendered(Template template, Map<String, Object> attributes, String field) {
        return template.render(attributes).orElseThrow(() -> new MissingClaimException(
                template.missingClaim(attributes).orElse("?"), "aws " + field));
    }

    /** A value rendered to fewer than AWS's 2 characters gets the workload's hash appended, still within 64. */
    private static String padded(String value, String workload) {
        if (value.length() >= 2) {
            return value;
        }
        return value + "-" + shortHash(workload);
    }

    private static String shortHash(String value) {
        return HexFormat.of().formatHex(Sha256.digest(value.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }
}
