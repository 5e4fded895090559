package dev.wifbroker.policy.model;

import java.util.List;
import java.util.Optional;

/**
 * A compiled role: who may obtain it ({@code trust}, OR of rules), who never may ({@code deny},
 * which overrides trust) and what it yields ({@code credentials}); optionally report-only candidate rules
 * ({@link Shadow}).
 *
 * @param name the role name, unique in the policy set; what clients request
 * @param description free text for operators
 * @param trust at least one rule
 * @param deny optional rules; any match denies
 * @param credentials one or more credential targets
 * @param source the file it came from
 * @param shadow candidate rules evaluated beside the enforced ones and never enforced, if the role has any
 */
public record Role(String name, String description, List<Rule> trust, List<Rule> deny, RoleCredentials credentials,
        String source, Optional<Shadow> shadow) {

    public Role {
        trust = List.copyOf(trust);
        deny = List.copyOf(deny);
    }

    /** A role without shadow rules. */
    public Role(String name, String description, List<Rule> trust, List<Rule> deny, RoleCredentials credentials,
            String source) {
        this(name, description, trust, deny, credentials, source, Optional.empty());
    }

    /** This role with {@code shadow} as its candidate rules. */
    public Role withShadow(Shadow shadow) {
        return new Role(name, description, trust, deny, credentials, source, Optional.of(shadow));
    }

    /**
     * The role as its shadow would make it (its trust and deny lists replaced where the shadow gives them), for
     * lints and {@code policy test --shadow}; the role itself when it has no shadow.
     */
    public Role candidate() {
        return shadow.map(s -> new Role(name, description, s.trustOf(this), s.denyOf(this), credentials, source))
                .orElse(this);
    }
}
