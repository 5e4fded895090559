package dev.wifbroker.credential.aws;

import static dev.wifbroker.credential.TargetFields.checked;
import static dev.wifbroker.credential.TargetFields.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.credential.CredentialKind;
import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** {@code credentials.aws}: STS {@code AssumeRoleWithWebIdentity}; its parser holds AWS's limits ({@link AwsLimits}). */
public final class AwsKind implements CredentialKind<AwsTarget> {
    public static final String NAME = "aws";
    /** Our RFC 8693 token type for AWS temporary credentials, whose three parts ride alongside {@code access_token}. */
    public static final String TOKEN_TYPE = IssuedCredential.AwsSession.TOKEN_TYPE;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<AwsTarget> targetType() {
        return AwsTarget.class;
    }

    @Override
    public Class<? extends TargetMinter<AwsTarget>> minter() {
        return AwsCredentialMinter.class;
    }

    @Override
    public Optional<String> requestedTokenType() {
        return Optional.of(TOKEN_TYPE);
    }

    /** The IAM role a target assumes, when it is an AWS target: for the AWS protocol endpoints. */
    public static Optional<String> roleArnOf(CredentialTarget target) {
        return target instanceof AwsTarget aws ? Optional.of(aws.roleArn()) : Optional.empty();
    }

    @Override
    public AwsTarget parse(YamlObject o, Problems problems) {
        String arn = checked(o, "roleArn", AwsLimits.ROLE_ARN, "an IAM role ARN (arn:aws:iam::123456789012:role/NAME)", problems);
        Duration duration = o.optDuration("duration").orElse(AwsTarget.DEFAULT);
        if (duration.compareTo(AwsLimits.MIN_DURATION) < 0) {
            problems.error(o.raw("duration").orElseThrow(), "credentials.aws.duration must be at least " + AwsLimits.MIN_DURATION.toSeconds() + "s (AWS minimum)");
        }
        Optional<Template> sessionName = o.optString("sessionName")
                .flatMap(t -> template(o, "sessionName", t, AwsLimits.SESSION_NAME_CHARSET, problems));
        Optional<String> policy = o.raw("sessionPolicy").flatMap(n -> sessionPolicy(n, problems));
        List<String> managed = o.stringList("managedPolicyArns", false);
        if (managed.size() > AwsLimits.MAX_MANAGED_POLICIES) {
            problems.error(o.raw("managedPolicyArns").orElseThrow(), "at most " + AwsLimits.MAX_MANAGED_POLICIES + " managedPolicyArns (AWS limit)");
        }
        for (String m : managed) {
            if (!AwsLimits.POLICY_ARN.matcher(m).matches()) {
                problems.error(o.raw("managedPolicyArns").orElseThrow(), "'" + m + "' is not an IAM policy ARN");
            }
        }
        Map<String, Template> tags = new LinkedHashMap<>();
        o.optObject("tags").ifPresent(t -> {
            List<String> keys = t.keys();
            if (keys.size() > AwsLimits.MAX_TAGS) {
                problems.error(t.node(), "at most " + AwsLimits.MAX_TAGS + " session tags (AWS limit)");
            }
            for (String key : keys) {
                Node value = t.raw(key).orElseThrow();
                if (!AwsLimits.TAG_KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                    problems.error(t.keyNode(key), "tag key '" + key + "' is not a valid AWS tag key");
                }
                if (value instanceof ScalarNode s) {
                    template(t, key, s.getValue(), AwsLimits.TAG_VALUE_CHARSET, problems).ifPresent(v -> tags.put(key, v));
                } else {
                    problems.error(value, "tag '" + key + "' must be a single value or template");
                }
            }
        });
        Optional<Template> sourceIdentity = o.optString("sourceIdentity")
                .flatMap(t -> template(o, "sourceIdentity", t, AwsLimits.SESSION_NAME_CHARSET, problems));
        o.finish("roleArn", "duration", "sessionName", "sessionPolicy", "managedPolicyArns", "tags", "sourceIdentity");
        return new AwsTarget(arn, duration, sessionName, policy, managed, tags, sourceIdentity);
    }

    private static Optional<String> sessionPolicy(Node node, Problems problems) {
        try {
            JsonNode json = node instanceof ScalarNode s ? JSON.readTree(s.getValue()) : JSON.valueToTree(YamlObject.plain(node));
            if (json == null || !json.isObject() || !json.has("Statement")) {
                problems.error(node, "sessionPolicy must be an IAM policy document (an object with Statement)");
                return Optional.empty();
            }
            String compact = JSON.writeValueAsString(json);
            if (compact.length() > AwsLimits.MAX_SESSION_POLICY_CHARS) {
                problems.error(node, "sessionPolicy is " + compact.length() + " characters as compact JSON; AWS allows "
                        + AwsLimits.MAX_SESSION_POLICY_CHARS);
            }
            return Optional.of(compact);
        } catch (JsonProcessingException e) {
            problems.error(node, "sessionPolicy is not valid JSON: " + e.getOriginalMessage());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            problems.error(node, "sessionPolicy is not valid JSON");
            return Optional.empty();
        }
    }

}
