package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.List;
import java.util.stream.Stream;

/**
 * One named check of a role against the issuers it names. Each lint has a stable id that prefixes its
 * findings ({@code [no-tenant-binding] ...}) so operators can search the docs and tests for it.
 */
interface Lint {

    String id();

    /** Checks one role; {@code issuers} resolves a rule's issuer name (always present after parsing). */
    void check(Role role, DeclaredIssuers issuers, Findings findings);

    /** Every rule of the role, deny rules first, for lints that judge both kinds. */
    static List<Rule> denyThenTrust(Role role) {
        return Stream.concat(role.deny().stream(), role.trust().stream()).toList();
    }

    /**
     * The issuers the policy directory declares, by the name rules use: the lints' view of the issuer files (not
     * {@code identity.IssuerLookup}, the verifier's view of the trusted issuers by URL).
     */
    interface DeclaredIssuers {
        IssuerSpec issuer(String name);
    }
}
