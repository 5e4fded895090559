package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.profile.Tenancy;
import dev.wifbroker.identity.profile.Tenancy.TenantClaim;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import java.util.List;
import java.util.Set;

/**
 * What one condition pins of the tenant on a multi-tenant issuer, judged by the meaning of its matcher:
 * an immutable-ID claim pins only as an exact value or {@code oneOf}; a name or path claim ({@code owner/name},
 * GitHub or GitLab {@code sub}) pins as far as its literal text reaches, a segment counting only when its
 * terminator ({@code /}, {@code @} or {@code :}) is literal too, so {@code acme*} (also {@code acme-evil})
 * pins nothing while {@code acme/*} pins the owner.
 */
final class TenantPins {
    /** How much of the tenant a condition fixes; ordered from nothing to the repository (project). */
    enum Scope {
        NONE,
        OWNER,
        REPOSITORY
    }

    /**
     * The verdict on one condition.
     *
     * @param why for NONE or OWNER: what the condition leaves open, in operator words
     */
    record Pin(Condition condition, Scope scope, String why) {}

    private TenantPins() {}

    /** Whether the claim identifies a tenant at all on this profile (so a condition on it deserves a verdict). */
    static boolean isTenantClaim(Tenancy tenancy, String claim) {
        return tenancy.claims().containsKey(claim);
    }

    /** Whether the claim names something inside an owner (a repository or project), not the owner itself. */
    static boolean isRepositoryClaim(Tenancy tenancy, String claim) {
        TenantClaim k = tenancy.claims().get(claim);
        return k == TenantClaim.REPOSITORY_ID || k == TenantClaim.PATH || k == TenantClaim.SUBJECT;
    }

    static Pin of(Tenancy tenancy, Condition c) {
        TenantClaim kind = tenancy.claims().get(c.claim());
        if (kind == null) {
            return new Pin(c, Scope.NONE, "'" + c.claim() + "' does not identify a tenant");
        }
        Matcher m = c.matcher();
        List<String> exact = m instanceof Matcher.Exact e ? List.of(e.value()) : m instanceof Matcher.OneOf o ? o.values() : null;
        boolean isId = kind == TenantClaim.REPOSITORY_ID || kind == TenantClaim.OWNER_ID;
        if (exact == null && (isId || !(m instanceof Matcher.Glob || m instanceof Matcher.Regex))) {
            return new Pin(c, Scope.NONE, "'" + c.claim() + "': " + m.describe() + " is not a pin ("
                    + (isId ? "an ID pins only as an exact value or oneOf" : "only exact values, oneOf or a literal owner part pin")
                    + ")");
        }
        if (exact != null) {
            Scope least = Scope.REPOSITORY;
            for (String v : exact) {
                Scope s = scope(kind, v, true, tenancy);
                least = s.compareTo(least) < 0 ? s : least;
            }
            return new Pin(c, least, least == Scope.REPOSITORY ? null
                    : "'" + c.claim() + "': " + m.describe() + (least == Scope.NONE ? " names no owner or repository"
                    : " pins only the owner"));
        }
        LiteralPrefix prefix = LiteralPrefix.of(m);
        Scope s = scope(kind, prefix.text(), prefix.whole(), tenancy);
        String why = switch (s) {
            case REPOSITORY -> null;
            case OWNER -> "'" + c.claim() + "': " + m.describe() + " pins only the owner '" + prefix.text() + "'";
            case NONE -> "'" + c.claim() + "': " + m.describe() + " leaves the owner open (its literal part '"
                    + prefix.text() + "' does not end the owner with a literal separator), so another tenant's value matches";
        };
        return new Pin(c, s, why);
    }

    /** What a literal text (the whole value when {@code whole}, else a prefix of it) fixes for a claim kind. */
    private static Scope scope(TenantClaim kind, String text, boolean whole, Tenancy tenancy) {
        return switch (kind) {
            case REPOSITORY_ID -> whole ? Scope.REPOSITORY : Scope.NONE;
            case OWNER_ID, OWNER_NAME -> whole && !text.isEmpty() ? Scope.OWNER : Scope.NONE;
            case PATH -> path(text, whole);
            case SUBJECT -> subject(text, whole, tenancy);
        };
    }

    /** {@code owner/name} (GitHub) or {@code group/sub/project} (GitLab), also {@code owner@id/name@id}. */
    private static Scope path(String text, boolean whole) {
        if (whole && !text.isEmpty()) {
            return Scope.REPOSITORY;
        }
        int end = firstOf(text, Set.of('/', '@'));
        return end > 0 ? Scope.OWNER : Scope.NONE;
    }

    /**
     * A subject is {@code key:value} pairs ({@code repo:acme/app:ref:refs/heads/main},
     * {@code project_path:g/p:ref_type:branch:ref:main}); values never contain {@code :} (GitHub encodes it as
     * {@code %3A}, git refs and paths cannot hold it). Only pairs within the literal text count.
     */
    private static Scope subject(String text, boolean whole, Tenancy tenancy) {
        String[] tokens = text.split(":", -1);
        Scope best = Scope.NONE;
        for (int i = 0; i + 1 < tokens.length; i += 2) {
            TenantClaim kind = tenancy.subjectKeys().get(tokens[i]);
            if (kind == null || kind == TenantClaim.SUBJECT) {
                continue;
            }
            boolean complete = whole || i + 1 < tokens.length - 1;
            Scope s = scope(kind, tokens[i + 1], complete, tenancy);
            best = s.compareTo(best) > 0 ? s : best;
        }
        return best;
    }

    private static int firstOf(String text, Set<Character> chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.contains(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
