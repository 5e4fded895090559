package dev.wifbroker.policy.role;

import dev.wifbroker.credential.CredentialKind;
import dev.wifbroker.credential.CredentialKinds;
import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.policy.model.RoleCredentials;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Binds a role's {@code credentials:} block: each key is handed to its registered {@link CredentialKind},
 * which reports shape, syntax and its upstream's limits. Lifetimes above a target's maximum are left to the
 * linter ({@code ttl-above-maximum}) so that rule has one home and one test.
 */
public final class TargetParser {
    private TargetParser() {}

    public static RoleCredentials parse(YamlObject credentials, Problems problems) {
        Map<String, CredentialTarget> targets = new LinkedHashMap<>();
        for (CredentialKind<?> kind : CredentialKinds.all()) {
            credentials.optObject(kind.name()).ifPresent(o -> targets.put(kind.name(), kind.parse(o, problems)));
        }
        Map<String, SourcePos> positions = new LinkedHashMap<>();
        for (String kind : CredentialKinds.names()) {
            credentials.raw(kind).ifPresent(node -> {
                positions.put(kind, SourcePos.of(problems.file(), node));
                if (node instanceof MappingNode m) {
                    m.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("duration"))
                            .findFirst().ifPresent(t -> positions.put(kind + ".duration", SourcePos.of(problems.file(), t.getValueNode())));
                }
            });
        }
        credentials.finish(CredentialKinds.names().toArray(String[]::new));
        RoleCredentials out = new RoleCredentials(targets, positions);
        if (out.isEmpty() && !problems.hasErrors()) {
            problems.error(credentials.node(), "credentials needs at least one target (" + anyOf() + ")");
        }
        return out;
    }

    /** {@code aws, gcp, azure or internal}. */
    private static String anyOf() {
        List<String> names = CredentialKinds.names();
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
