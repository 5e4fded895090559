package dev.wifbroker.policy;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.ClaimValues;
import java.util.Map;

/**
 * Builds the identity view of a claim set exactly as the token verifier does (every claim by its path,
 * then the profile's normalized attributes), for policy tests and offline explain, where claims come
 * from a file rather than from a verified token.
 */
public final class ClaimsIdentity {
    private ClaimsIdentity() {}

    public static IdentityView of(IssuerSpec issuer, Map<String, Object> claims) {
        String sub = claims.get("sub") instanceof String s ? s : "";
        return new IdentityView(issuer.name(), issuer.url(), issuer.profile().kind(), sub,
                ClaimValues.attributes(issuer.profile(), claims));
    }
}
