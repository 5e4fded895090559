package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.template.Template;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code credentials.aws}: AssumeRoleWithWebIdentity with a broker-signed assertion.
 *
 * @param roleArn the IAM role to assume
 * @param duration {@code DurationSeconds}, 900 s to 12 h (the role's own maximum may be lower)
 * @param sessionName {@code RoleSessionName} template, e.g. {@code gha-{repository}-{run_id}}
 * @param sessionPolicy inline session policy as compact JSON (at most 2048 characters), to narrow the role
 * @param managedPolicyArns managed session policies (at most 10)
 * @param tags session tags, values templated from verified claims only
 * @param sourceIdentity {@code SourceIdentity} template (same charset and length as a session name), e.g.
 *                       {@code {actor}}; immutable through role chaining and recorded by CloudTrail
 */
public record AwsTarget(String roleArn, Duration duration, Optional<Template> sessionName,
        Optional<String> sessionPolicy, List<String> managedPolicyArns, Map<String, Template> tags,
        Optional<Template> sourceIdentity)
        implements CredentialTarget {
    public static final Duration DEFAULT = Duration.ofMinutes(15);

    public AwsTarget {
        managedPolicyArns = List.copyOf(managedPolicyArns);
        tags = Map.copyOf(tags);
    }

    /** A target without a source identity. */
    public AwsTarget(String roleArn, Duration duration, Optional<Template> sessionName, Optional<String> sessionPolicy,
            List<String> managedPolicyArns, Map<String, Template> tags) {
        this(roleArn, duration, sessionName, sessionPolicy, managedPolicyArns, tags, Optional.empty());
    }

    @Override
    public Duration maxDuration() {
        return AwsLimits.MAX_DURATION;
    }

    @Override
    public Map<String, Template> templates() {
        Map<String, Template> out = new LinkedHashMap<>();
        sessionName.ifPresent(t -> out.put("sessionName", t));
        new TreeMap<>(tags).forEach((key, t) -> out.put("tags." + key, t));
        sourceIdentity.ifPresent(t -> out.put("sourceIdentity", t));
        return out;
    }

    @Override
    public boolean cached() {
        return true;
    }
}
