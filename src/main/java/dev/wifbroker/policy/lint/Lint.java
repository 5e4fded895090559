package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.model.Role;

/**
 * One named check of a role against the issuers it names. Each lint has a stable id that prefixes its
 * findings ({@code [no-tenant-binding] ...}) so operators can search the docs and tests for it.
 */
interface Lint {

    String id();

    /** Checks one role; {@code issuers} resolves a rule's issuer name (always present after parsing). */
    void check(Role role, IssuerLookup issuers, Findings findings);

    /** Issuer by name, as declared in the policy directory. */
    interface IssuerLookup {
        IssuerSpec issuer(String name);
    }
}
