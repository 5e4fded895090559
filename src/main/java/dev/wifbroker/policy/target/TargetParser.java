package dev.wifbroker.policy.target;

import dev.wifbroker.credential.template.Template;
import dev.wifbroker.credential.template.TemplateCharset;
import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.credential.gcp.GcpTarget;
import dev.wifbroker.credential.azure.AzureTarget;
import dev.wifbroker.credential.internal.InternalTarget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Binds a role's {@code credentials:} block into validated targets. Shape and syntax errors are
 * reported here; lifetimes above a target's maximum are left to the linter ({@code ttl-above-maximum})
 * so that rule has one home and one test.
 */
public final class TargetParser {
    static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    static final Pattern POLICY_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::(\\d{12}|aws):policy/[\\w+=,.@/-]{1,512}");
    static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    static final Pattern WIP = Pattern.compile(
            "//iam\\.googleapis\\.com/projects/\\d+/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}/providers/[a-z0-9-]{4,32}");
    static final Pattern EMAIL = Pattern.compile("[a-z0-9-]{6,30}@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com");
    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,128}");
    static final Pattern AUDIENCE = Pattern.compile("[\\x21-\\x7E]{1,256}");
    static final Pattern CLAIM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TargetParser() {}

    public static RoleCredentials parse(YamlObject credentials, Problems problems) {
        Optional<AwsTarget> aws = credentials.optObject("aws").map(o -> aws(o, problems));
        Optional<GcpTarget> gcp = credentials.optObject("gcp").map(o -> gcp(o, problems));
        Optional<AzureTarget> azure = credentials.optObject("azure").map(o -> azure(o, problems));
        Optional<InternalTarget> internal = credentials.optObject("internal").map(o -> internal(o, problems));
        Map<String, SourcePos> positions = new LinkedHashMap<>();
        for (String kind : List.of("aws", "gcp", "azure", "internal")) {
            credentials.raw(kind).ifPresent(node -> {
                positions.put(kind, SourcePos.of(problems.file(), node));
                if (node instanceof MappingNode m) {
                    m.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("duration"))
                            .findFirst().ifPresent(t -> positions.put(kind + ".duration", SourcePos.of(problems.file(), t.getValueNode())));
                }
            });
        }
        credentials.finish("aws", "gcp", "azure", "internal");
        RoleCredentials out = new RoleCredentials(aws, gcp, azure, internal, positions);
        if (out.isEmpty() && !problems.hasErrors()) {
            problems.error(credentials.node(), "credentials needs at least one target (aws, gcp, azure or internal)");
        }
        return out;
    }

    private static AwsTarget aws(YamlObject o, Problems problems) {
        String arn = checked(o, "roleArn", ROLE_ARN, "an IAM role ARN (arn:aws:iam::123456789012:role/NAME)", problems);
        Duration duration = o.optDuration("duration").orElse(AwsTarget.DEFAULT);
        if (duration.compareTo(AwsTarget.MIN) < 0) {
            problems.error(o.raw("duration").orElseThrow(), "credentials.aws.duration must be at least 900s (AWS minimum)");
        }
        Optional<Template> sessionName = o.optString("sessionName")
                .flatMap(t -> template(o, "sessionName", t, TemplateCharset.AWS_SESSION_NAME, problems));
        Optional<String> policy = o.raw("sessionPolicy").flatMap(n -> sessionPolicy(n, problems));
        List<String> managed = o.stringList("managedPolicyArns", false);
        if (managed.size() > 10) {
            problems.error(o.raw("managedPolicyArns").orElseThrow(), "at most 10 managedPolicyArns (AWS limit)");
        }
        for (String m : managed) {
            if (!POLICY_ARN.matcher(m).matches()) {
                problems.error(o.raw("managedPolicyArns").orElseThrow(), "'" + m + "' is not an IAM policy ARN");
            }
        }
        Map<String, Template> tags = new LinkedHashMap<>();
        o.optObject("tags").ifPresent(t -> {
            List<String> keys = t.keys();
            if (keys.size() > 50) {
                problems.error(t.node(), "at most 50 session tags (AWS limit)");
            }
            for (String key : keys) {
                Node value = t.raw(key).orElseThrow();
                if (!TAG_KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                    problems.error(t.keyNode(key), "tag key '" + key + "' is not a valid AWS tag key");
                }
                if (value instanceof ScalarNode s) {
                    template(t, key, s.getValue(), TemplateCharset.AWS_TAG_VALUE, problems).ifPresent(v -> tags.put(key, v));
                } else {
                    problems.error(value, "tag '" + key + "' must be a single value or template");
                }
            }
        });
        Optional<Template> sourceIdentity = o.optString("sourceIdentity")
                .flatMap(t -> template(o, "sourceIdentity", t, TemplateCharset.AWS_SESSION_NAME, problems));
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
            if (compact.length() > AwsTarget.MAX_SESSION_POLICY_CHARS) {
                problems.error(node, "sessionPolicy is " + compact.length() + " characters as compact JSON; AWS allows "
                        + AwsTarget.MAX_SESSION_POLICY_CHARS);
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

    private static GcpTarget gcp(YamlObject o, Problems problems) {
        String provider = checked(o, "workloadIdentityProvider", WIP,
                "//iam.googleapis.com/projects/NUMBER/locations/global/workloadIdentityPools/POOL/providers/PROVIDER", problems);
        Optional<String> sa = o.optString("serviceAccount");
        sa.filter(s -> !EMAIL.matcher(s).matches()).ifPresent(s -> problems.error(o.raw("serviceAccount").orElseThrow(),
                "serviceAccount '" + s + "' is not a service account email (NAME@PROJECT.iam.gserviceaccount.com)"));
        List<String> scopes = o.has("scopes") ? o.stringList("scopes", false) : List.of(GcpTarget.CLOUD_PLATFORM);
        for (String s : scopes) {
            if (!s.startsWith("https://www.googleapis.com/auth/")) {
                problems.error(o.raw("scopes").orElseThrow(), "scope '" + s + "' is not a Google OAuth scope URL");
            }
        }
        Duration duration = positive(o, GcpTarget.DEFAULT, problems);
        o.finish("workloadIdentityProvider", "serviceAccount", "scopes", "duration");
        return new GcpTarget(provider, sa, scopes, duration);
    }

    private static AzureTarget azure(YamlObject o, Problems problems) {
        String tenant = checked(o, "tenantId", GUID, "a GUID", problems);
        String client = checked(o, "clientId", GUID, "a GUID", problems);
        AzureTarget.Mode mode = AzureTarget.Mode.TOKEN;
        Optional<String> modeText = o.optString("mode");
        if (modeText.isPresent()) {
            switch (modeText.get()) {
                case "token" -> mode = AzureTarget.Mode.TOKEN;
                case "assertion" -> mode = AzureTarget.Mode.ASSERTION;
                default -> problems.error(o.raw("mode").orElseThrow(), "mode must be token or assertion");
            }
        }
        String scope = o.optString("scope").orElse(null);
        if (mode == AzureTarget.Mode.TOKEN && scope == null) {
            problems.error(o.node(), "credentials.azure.scope is required in token mode (e.g. https://management.azure.com/.default)");
        } else if (scope != null && !scope.endsWith("/.default")) {
            problems.error(o.raw("scope").orElseThrow(), "an Entra client-credentials scope ends with /.default");
        }
        Duration duration = positive(o, AzureTarget.DEFAULT, problems);
        o.finish("tenantId", "clientId", "scope", "mode", "duration");
        return new AzureTarget(tenant, client, scope, mode, duration);
    }

    private static InternalTarget internal(YamlObject o, Problems problems) {
        String audience = checked(o, "audience", AUDIENCE, "one service name or URL without spaces", problems);
        List<String> scopes = o.stringList("scopes", false);
        for (String s : scopes) {
            if (!SCOPE.matcher(s).matches()) {
                problems.error(o.raw("scopes").orElseThrow(), "scope '" + s + "' must be printable ASCII without spaces or quotes");
            }
        }
        Duration duration = positive(o, InternalTarget.DEFAULT, problems);
        Map<String, Object> claims = new LinkedHashMap<>();
        o.optObject("claims").ifPresent(c -> {
            for (String name : c.keys()) {
                if (InternalTarget.RESERVED.contains(name) || !CLAIM_NAME.matcher(name).matches()) {
                    problems.error(c.keyNode(name), "claim '" + name + "' is reserved or not a valid claim name");
                    continue;
                }
                Node value = c.raw(name).orElseThrow();
                Object plain = YamlObject.plain(value);
                if (plain instanceof String s) {
                    template(c, name, s, TemplateCharset.TEXT, problems).ifPresent(t -> claims.put(name, t.isLiteral() ? s : t));
                } else if (plain == null || plain instanceof Map) {
                    problems.error(value, "claim '" + name + "' must be a string, number, boolean or list");
                } else {
                    claims.put(name, plain);
                }
            }
        });
        InternalTarget.Algorithm alg = InternalTarget.Algorithm.ES256;
        Optional<String> algText = o.optString("algorithm");
        if (algText.isPresent()) {
            try {
                alg = InternalTarget.Algorithm.valueOf(algText.get());
            } catch (IllegalArgumentException e) {
                problems.error(o.raw("algorithm").orElseThrow(), "algorithm must be ES256, RS256 or EdDSA");
            }
        }
        o.finish("audience", "scopes", "duration", "claims", "algorithm");
        return new InternalTarget(audience, scopes, duration, claims, alg);
    }

    private static String checked(YamlObject o, String key, Pattern shape, String expected, Problems problems) {
        String value = o.string(key);
        if (value != null && !shape.matcher(value).matches()) {
            problems.error(o.raw(key).orElseThrow(), o.qualified(key) + " '" + value + "' must be " + expected);
        }
        return value;
    }

    private static Duration positive(YamlObject o, Duration fallback, Problems problems) {
        Optional<Duration> d = o.optDuration("duration");
        if (d.isPresent() && d.get().isZero()) {
            problems.error(o.raw("duration").orElseThrow(), o.qualified("duration") + " must be positive");
        }
        return d.orElse(fallback);
    }

    private static Optional<Template> template(YamlObject o, String key, String text, TemplateCharset charset,
            Problems problems) {
        try {
            return Optional.of(Template.parse(text, charset));
        } catch (IllegalArgumentException e) {
            problems.error(o.raw(key).orElse(o.node()), o.qualified(key) + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
