package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.yaml.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs every lint over a parsed policy directory. Errors refuse the load (and fail {@code policy lint});
 * warnings are reported and kept on the loaded set. The list is the one in DESIGN.md §2 and
 * docs/trust-policies.md; each lint has a named test.
 */
public final class PolicyLinter {
    /** Every lint id, for docs and tests. */
    public static final List<String> IDS = List.of(AudienceLint.ID, "no-tenant-binding", "broad-wildcard",
            "privileged-trigger", "pattern-syntax", "absent-claim-passes", "unknown-claim", "impossible-value",
            "name-only-binding", "ttl-above-maximum", "template-claim-may-be-absent");

    /** A finding's {@code [lint-id] } prefix, after which shadow findings say {@code shadow:}. */
    private static final Pattern SHADOW_MARK = Pattern.compile("^(\\[[^]]*] )?");
    private final Path policyDir;
    private final List<Lint> roleLints;

    /** With the broker's default settings. */
    public PolicyLinter(Path policyDir) {
        this(policyDir, LintSettings.DEFAULTS);
    }

    /**
     * @param policyDir the directory issuer sources are relative to (used to point findings at lines)
     * @param settings the limits of the broker the policy is for
     */
    public PolicyLinter(Path policyDir, LintSettings settings) {
        this.policyDir = policyDir;
        this.roleLints = List.of(new TenantBindingLint(), new WildcardLint(), new PrivilegedTriggerLint(),
                new PatternSyntaxLint(), new AbsentClaimLint(), new VocabularyLint(), new NameOnlyLint(),
                new TtlLint(settings), new TemplateClaimLint());
    }

    public List<Problem> lint(IssuerCatalog issuers, Collection<Role> roles) {
        List<Problem> out = new ArrayList<>(lintIssuers(issuers));
        roles.forEach(role -> out.addAll(lint(issuers, role)));
        return List.copyOf(out);
    }

    /** The lints of the issuers alone, in name order: the first part of {@link #lint(IssuerCatalog, Collection)}. */
    public List<Problem> lintIssuers(IssuerCatalog issuers) {
        Findings findings = new Findings();
        issuers.byName().values().stream().sorted((a, b) -> a.name().compareTo(b.name()))
                .forEach(i -> AudienceLint.check(i, policyDir, findings));
        return findings.all();
    }

    /**
     * The lints of one role against {@code issuers}, its shadow rules' included; they depend on nothing else, so a
     * reload may keep them.
     */
    public List<Problem> lint(IssuerCatalog issuers, Role role) {
        List<Problem> own = check(issuers, role);
        if (role.shadow().isEmpty()) {
            return own;
        }
        List<Problem> out = new ArrayList<>(own);
        out.addAll(shadowFindings(issuers, role, own));
        return List.copyOf(out);
    }

    /** The lints of the role's shadow rules alone: what a shadow file adds to the role it shadows. */
    public List<Problem> lintShadow(IssuerCatalog issuers, Role role) {
        return role.shadow().isEmpty() ? List.of() : shadowFindings(issuers, role, check(issuers, role));
    }

    /**
     * The shadow's candidate (the role with the shadow's lists) is linted like a role, as it is meant to be enforced
     * one day; what it shares with the role (inherited rules, the targets) would repeat the role's findings, so only
     * findings the role does not already have are kept, marked {@code shadow:}. Same severities: an error refuses the
     * load.
     */
    private List<Problem> shadowFindings(IssuerCatalog issuers, Role role, List<Problem> own) {
        return check(issuers, role.candidate()).stream().filter(p -> !own.contains(p))
                .map(p -> new Problem(p.file(), p.line(), p.column(), p.severity(), SHADOW_MARK.matcher(p.message())
                        .replaceFirst("$1shadow: "))).toList();
    }

    private List<Problem> check(IssuerCatalog issuers, Role role) {
        Findings findings = new Findings();
        Lint.DeclaredIssuers lookup = name -> issuers.byName().get(name);
        for (Lint lint : roleLints) {
            lint.check(role, lookup, findings);
        }
        return findings.all();
    }

    /** Convenience for a single issuer check (tests, management API). */
    public List<Problem> lint(IssuerSpec issuer) {
        Findings findings = new Findings();
        AudienceLint.check(issuer, policyDir, findings);
        return findings.all();
    }
}
