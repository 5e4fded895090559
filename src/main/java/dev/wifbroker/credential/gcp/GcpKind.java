package dev.wifbroker.credential.gcp;

import static dev.wifbroker.credential.TargetFields.checked;
import static dev.wifbroker.credential.TargetFields.positive;
import static dev.wifbroker.credential.TargetFields.template;

import dev.wifbroker.credential.CredentialKind;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.template.TemplateCharset;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** {@code credentials.gcp}: Google STS, optionally followed by service-account impersonation. */
public final class GcpKind implements CredentialKind<GcpTarget> {
    public static final String NAME = "gcp";
    static final Pattern WIP = Pattern.compile(
            "//iam\\.googleapis\\.com/projects/\\d+/locations/global/workloadIdentityPools/[a-z0-9-]{4,32}/providers/[a-z0-9-]{4,32}");
    static final Pattern EMAIL = Pattern.compile("[a-z0-9-]{6,30}@[a-z0-9-]+\\.iam\\.gserviceaccount\\.com");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<GcpTarget> targetType() {
        return GcpTarget.class;
    }

    @Override
    public Class<? extends TargetMinter<GcpTarget>> minter() {
        return GcpCredentialMinter.class;
    }

    @Override
    public GcpTarget parse(YamlObject o, Problems problems) {
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

}
