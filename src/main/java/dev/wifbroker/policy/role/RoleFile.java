package dev.wifbroker.policy.role;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.policy.model.SourcePos;

/** What one {@code roles/*.yaml} file holds: a role, or the shadow rules of a role defined in another file. */
public sealed interface RoleFile {

    /** A {@code role:} file: an exchangeable role, with its inline {@code shadow:} block if any. */
    record Defines(Role role) implements RoleFile {}

    /**
     * A {@code shadowOf:} file: candidate rules for the role named, never exchangeable itself. The loader attaches
     * them to that role.
     *
     * @param role the shadowed role's name
     * @param at where {@code shadowOf} names it, for errors about the name
     */
    record Shadows(String role, SourcePos at, Shadow shadow) implements RoleFile {}
}
