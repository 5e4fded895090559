package dev.wifbroker.policy.model;

import java.util.List;

/**
 * A compiled role: who may obtain it ({@code trust}, OR of rules), who never may ({@code deny},
 * which overrides trust) and what it yields ({@code credentials}).
 *
 * @param name the role name, unique in the policy set; what clients request
 * @param description free text for operators
 * @param trust at least one rule
 * @param deny optional rules; any match denies
 * @param credentials one or more credential targets
 * @param source the file it came from
 */
public record Role(String name, String description, List<Rule> trust, List<Rule> deny, RoleCredentials credentials,
        String source) {

    public Role {
        trust = List.copyOf(trust);
        deny = List.copyOf(deny);
    }
}
