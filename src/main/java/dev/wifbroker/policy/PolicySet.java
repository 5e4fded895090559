package dev.wifbroker.policy;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.yaml.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One compiled, immutable trust-policy directory. Roles are indexed by name so a decision touches only
 * the requested role's rules, whatever the number of roles.
 *
 * @param version {@code sha256:<hex>} of the directory's policy files, for audit and status
 * @param issuers the trusted issuers
 * @param roles roles by name
 * @param warnings lint warnings of this set (errors would have refused it)
 */
public record PolicySet(String version, IssuerCatalog issuers, Map<String, Role> roles, List<Problem> warnings) {

    public PolicySet {
        roles = Map.copyOf(roles);
        warnings = List.copyOf(warnings);
    }

    public Optional<Role> role(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(roles.get(name));
    }

    /** The exact URL of the issuer roles call {@code name}, if this set trusts it. */
    public Optional<String> issuerUrl(String name) {
        return Optional.ofNullable(issuers.byName().get(name)).map(IssuerSpec::url);
    }

    /** Role names in order, for listings. */
    public List<String> roleNames() {
        return List.copyOf(new TreeMap<>(roles).keySet());
    }

    /** The first 12 hex digits of the version, for humans. */
    public String shortVersion() {
        int colon = version.indexOf(':');
        return version.substring(colon + 1, Math.min(version.length(), colon + 13));
    }
}
