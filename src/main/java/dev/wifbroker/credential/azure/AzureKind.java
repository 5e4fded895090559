package dev.wifbroker.credential.azure;

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

/** {@code credentials.azure}: an Entra federated identity credential trusting the broker (token or assertion mode). */
public final class AzureKind implements CredentialKind<AzureTarget> {
    public static final String NAME = "azure";
    static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<AzureTarget> targetType() {
        return AzureTarget.class;
    }

    @Override
    public Class<? extends TargetMinter<AzureTarget>> minter() {
        return AzureCredentialMinter.class;
    }

    @Override
    public AzureTarget parse(YamlObject o, Problems problems) {
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

}
