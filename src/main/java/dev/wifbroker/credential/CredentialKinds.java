package dev.wifbroker.credential;

import dev.wifbroker.credential.admin.AdminKind;
import dev.wifbroker.credential.aws.AwsKind;
import dev.wifbroker.credential.azure.AzureKind;
import dev.wifbroker.credential.gcp.GcpKind;
import dev.wifbroker.credential.internal.InternalKind;
import java.util.List;
import java.util.Optional;

/**
 * The registry of credential target kinds: the one place a kind is added. The policy parser, the exchange,
 * the token endpoint and the linter iterate it and never name a kind themselves. The order is the order in
 * which a role's {@code credentials:} block is parsed and its targets listed.
 */
public final class CredentialKinds {
    private static final List<CredentialKind<?>> ALL = List.of(new AwsKind(), new GcpKind(), new AzureKind(), new InternalKind(),
            new AdminKind());

    private static final ClassValue<CredentialKind<?>> BY_TARGET_TYPE = new ClassValue<>() {
        @Override
        protected CredentialKind<?> computeValue(Class<?> type) {
            return ALL.stream().filter(k -> k.targetType().isAssignableFrom(type)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(type.getName() + " is not the target type of a registered kind"));
        }
    };

    private CredentialKinds() {}

    /** The registered kind whose target type {@code target} is. */
    public static CredentialKind<?> of(CredentialTarget target) {
        return BY_TARGET_TYPE.get(target.getClass());
    }

    public static List<CredentialKind<?>> all() {
        return ALL;
    }

    /** Every kind's {@link CredentialKind#name()}, in registry order. */
    public static List<String> names() {
        return ALL.stream().map(CredentialKind::name).toList();
    }

    public static Optional<CredentialKind<?>> named(String name) {
        return ALL.stream().filter(k -> k.name().equals(name)).findFirst();
    }
}
