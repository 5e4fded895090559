package dev.wifbroker.credential.admin;

import static dev.wifbroker.credential.TargetFields.positive;

import dev.wifbroker.credential.CredentialKind;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code credentials.admin}: an operator's token for the management API, signed by the broker (no network). */
public final class AdminKind implements CredentialKind<AdminTarget> {
    public static final String NAME = "admin";
    /** The {@code requested_token_type} that selects this target on a role with several. */
    public static final String TOKEN_TYPE = "urn:wif-broker:token-type:admin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<AdminTarget> targetType() {
        return AdminTarget.class;
    }

    @Override
    public Class<? extends TargetMinter<AdminTarget>> minter() {
        return AdminTokenMinter.class;
    }

    @Override
    public Optional<String> requestedTokenType() {
        return Optional.of(TOKEN_TYPE);
    }

    @Override
    public AdminTarget parse(YamlObject o, Problems problems) {
        List<AdminPermission> permissions = new ArrayList<>();
        List<String> names = o.stringList("permissions", false);
        for (String name : names) {
            Optional<AdminPermission> p = AdminPermission.parse(name);
            if (p.isEmpty()) {
                problems.error(o.raw("permissions").orElseThrow(), "permission '" + name + "' must be one of "
                        + Arrays.stream(AdminPermission.values()).map(AdminPermission::id).toList());
            } else if (!permissions.contains(p.get())) {
                permissions.add(p.get());
            }
        }
        if (names.isEmpty()) {
            // Required: a token that allows nothing is a mistake, never a useful default.
            problems.error(o.raw("permissions").orElse(o.node()), o.qualified("permissions") + " must list at least one of "
                    + Arrays.stream(AdminPermission.values()).map(AdminPermission::id).toList());
        }
        var duration = positive(o, AdminTarget.DEFAULT, problems);
        o.finish("permissions", "duration");
        return new AdminTarget(permissions, duration);
    }
}
