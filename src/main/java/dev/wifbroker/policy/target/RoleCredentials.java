package dev.wifbroker.policy.target;

import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.credential.gcp.GcpTarget;
import dev.wifbroker.credential.azure.AzureTarget;
import dev.wifbroker.credential.internal.InternalTarget;

import dev.wifbroker.policy.model.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credential targets of one role: at least one, at most one of each kind.
 *
 * @param positions where each target's block (key {@code aws}) and lifetime (key {@code aws.duration}) are
 *     written, so lint findings on targets can point at a line
 */
public record RoleCredentials(Optional<AwsTarget> aws, Optional<GcpTarget> gcp, Optional<AzureTarget> azure,
        Optional<InternalTarget> internal, Map<String, SourcePos> positions) {

    public RoleCredentials {
        positions = Map.copyOf(positions);
    }

    /** Where {@code kind.field} (or else the {@code kind} block) is written. */
    public SourcePos position(String kind, String field, SourcePos fallback) {
        return positions.getOrDefault(kind + "." + field, positions.getOrDefault(kind, fallback));
    }

    public List<CredentialTarget> all() {
        List<CredentialTarget> out = new ArrayList<>(4);
        aws.ifPresent(out::add);
        gcp.ifPresent(out::add);
        azure.ifPresent(out::add);
        internal.ifPresent(out::add);
        return List.copyOf(out);
    }

    public boolean isEmpty() {
        return all().isEmpty();
    }
}
