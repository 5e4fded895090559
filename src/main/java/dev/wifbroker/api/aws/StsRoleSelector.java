package dev.wifbroker.api.aws;

import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.credential.aws.AwsKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the STS facade's {@code RoleArn} to a broker role: the role whose {@code credentials.aws.roleArn}
 * equals it exactly. When several roles name the same IAM role (different trust rules, tags or session
 * policies for different workloads), the one whose name equals the IAM role's name (the part after the
 * last {@code /}) is chosen; otherwise the request is refused as ambiguous. A workload therefore sets
 * {@code AWS_ROLE_ARN} to the real IAM role ARN and never names broker roles.
 */
@ApplicationScoped
public class StsRoleSelector {
    private final PolicyRuntime policies;

    public StsRoleSelector(PolicyRuntime policies) {
        this.policies = policies;
    }

    /** The outcome of a lookup. */
    public sealed interface Selection {
        /** Exactly one role. */
        record Found(String role) implements Selection {}

        /** No role's aws target names this ARN. */
        record NotFound() implements Selection {}

        /** Several roles name it and none is named after the IAM role. */
        record Ambiguous(List<String> roles) implements Selection {}
    }

    public Selection select(String roleArn) {
        return policies.current().map(set -> select(set, roleArn)).orElseGet(Selection.NotFound::new);
    }

    static Selection select(PolicySet set, String roleArn) {
        List<String> matching = set.roles().values().stream()
                .filter(role -> role.credentials().target(AwsKind.NAME).flatMap(AwsKind::roleArnOf).filter(roleArn::equals).isPresent())
                .map(Role::name).sorted().toList();
        if (matching.size() == 1) {
            return new Selection.Found(matching.get(0));
        }
        if (matching.isEmpty()) {
            return new Selection.NotFound();
        }
        String iamName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        Optional<String> named = matching.stream().filter(iamName::equals).findFirst();
        return named.<Selection>map(Selection.Found::new).orElseGet(() -> new Selection.Ambiguous(matching));
    }
}
