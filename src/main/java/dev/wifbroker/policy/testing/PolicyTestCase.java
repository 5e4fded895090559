package dev.wifbroker.policy.testing;

import dev.wifbroker.policy.model.SourcePos;
import java.util.Map;
import java.util.Optional;

/**
 * One case of a {@code tests/*.yaml} file, with the file's {@code defaults} already merged in.
 *
 * @param name what the case specifies, in words ("a feature branch is denied")
 * @param role the role requested
 * @param issuer the issuer name the claims come from
 * @param claims the token's claims (from {@code claims} or decoded, unverified, from {@code token})
 * @param expectAllow true for {@code expect: allow}
 * @param reason the expected reason code of a denial, if given
 * @param failing the claim expected to fail (deny) or, for denied_by_rule, the deny rule's claim, if given
 * @param expectShadow what the role's shadow rules should decide ({@code expectShadow: allow|deny}), if given
 * @param pos where the case is written
 */
public record PolicyTestCase(String name, String role, String issuer, Map<String, Object> claims, boolean expectAllow,
        Optional<String> reason, Optional<String> failing, Optional<Boolean> expectShadow, SourcePos pos) {

    public PolicyTestCase {
        claims = Map.copyOf(claims);
    }

    /** A case without {@code expectShadow}. */
    public PolicyTestCase(String name, String role, String issuer, Map<String, Object> claims, boolean expectAllow,
            Optional<String> reason, Optional<String> failing, SourcePos pos) {
        this(name, role, issuer, claims, expectAllow, reason, failing, Optional.empty(), pos);
    }
}
