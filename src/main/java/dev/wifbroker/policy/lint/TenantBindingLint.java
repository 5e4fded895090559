package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.Tenancy;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code no-tenant-binding} (error): on a multi-tenant issuer (github.com, gitlab.com) every trust rule must
 * pin the tenant to exact values: a repository or project by immutable ID or name (scalar or {@code oneOf}),
 * directly or through the literal owner part of {@code sub}, judged by {@link TenantPins} from what the
 * matchers mean rather than from probe values. Otherwise anyone on that service could obtain the role, the
 * most common OIDC misconfiguration found in the wild (Datadog, Tinder, Wiz). A rule that pins only the owner
 * (an owner ID or name, nothing narrower) is owner-wide and refused too; owner-wide patterns such as
 * {@code acme/*} pin the tenant and are left to {@code broad-wildcard}.
 */
final class TenantBindingLint implements Lint {

    @Override
    public String id() {
        return "no-tenant-binding";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            IssuerSpec issuer = issuers.issuer(rule.issuer());
            if (issuer == null || IssuerProfiles.multiTenantOwner(issuer.uri()).isEmpty()) {
                continue;
            }
            Tenancy tenancy = issuer.profile().spec().tenancy();
            List<TenantPins.Pin> pins = rule.conditions().stream().filter(c -> TenantPins.isTenantClaim(tenancy, c.claim()))
                    .map(c -> TenantPins.of(tenancy, c)).toList();
            TenantPins.Scope best = pins.stream().map(TenantPins.Pin::scope).max(Enum::compareTo).orElse(TenantPins.Scope.NONE);
            String where = "role '" + role.name() + "' " + rule.label() + " trusts multi-tenant issuer '" + issuer.name()
                    + "' (" + issuer.url() + ")";
            if (best == TenantPins.Scope.NONE) {
                findings.error(id(), rule.pos(), where + " without pinning a repository or project" + open(pins)
                        + ": anyone on that service could obtain this role. Fix: add " + tenancy.example());
            } else if (best == TenantPins.Scope.OWNER && rule.conditions().stream().noneMatch(c -> narrows(tenancy, c))) {
                findings.error(id(), rule.pos(), where + " pinning only the owner" + open(pins) + ": every repository or"
                        + " project of the owner, including ones created later, could obtain this role. Fix: add "
                        + tenancy.example());
            }
        }
    }

    /** The conditions that fell short, each with what it leaves open. */
    private static String open(List<TenantPins.Pin> pins) {
        List<String> why = pins.stream().filter(p -> p.why() != null).map(TenantPins.Pin::why).toList();
        return why.isEmpty() ? " (no condition on a repository, project or owner claim)"
                : " (" + why.stream().collect(Collectors.joining("; ")) + ")";
    }

    /**
     * A pattern on a repository name or {@code sub} that narrows within a pinned owner (such as a glob on {@code payments} beside
     * an owner ID): its name segment must hold a literal ({@link NameSegment}), so the glob {@code *}{@code /*}, {@code [^/]+/.*} or
     * {@code project_path:**} beside an owner pin is still owner-wide. A pattern with a literal owner and an open name
     * ({@code acme/*}) is {@code broad-wildcard}'s error, so it is not reported twice.
     */
    private static boolean narrows(Tenancy tenancy, Condition c) {
        return TenantPins.isRepositoryClaim(tenancy, c.claim()) && !c.claim().endsWith("_id")
                && (c.matcher() instanceof Matcher.Glob || c.matcher() instanceof Matcher.Regex)
                && (NameSegment.narrowsName(c.matcher()) || NameSegment.ownerWide(c.matcher()));
    }
}
