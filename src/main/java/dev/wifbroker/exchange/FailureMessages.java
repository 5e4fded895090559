package dev.wifbroker.exchange;

import dev.wifbroker.reason.Reason;
import dev.wifbroker.text.CallerText;
import java.util.List;
import java.util.Optional;

/**
 * The one catalogue of what callers are told. Callers learn the stage, the reason and at most the name
 * of the first failing claim; the policy's expected values and verification internals stay in the audit
 * event and the operator endpoints. What the caller sent (a role name, scopes) is repeated only bounded
 * ({@link CallerText}), so no request can make its answer large.
 */
final class FailureMessages {
    private FailureMessages() {}

    static String verification(Reason reason) {
        return switch (reason) {
            case TOKEN_MALFORMED -> "subject_token is not a well-formed signed JWT";
            case ISSUER_NOT_TRUSTED -> "the token's issuer is not trusted by this broker";
            case ALGORITHM_NOT_ALLOWED -> "the token's signing algorithm is not allowed for its issuer";
            case KEY_NOT_FOUND -> "the token's signing key is not published by its issuer";
            case SIGNATURE_INVALID -> "the token's signature does not verify";
            case JWKS_UNAVAILABLE -> "the issuer's signing keys are temporarily unavailable; retry later";
            case TOKEN_EXPIRED -> "the token has expired";
            case TOKEN_NOT_YET_VALID -> "the token is not valid yet (check the clocks)";
            case TOKEN_TOO_OLD -> "the token was issued too long ago or lives too long for its issuer";
            case AUDIENCE_MISMATCH -> "the token's audience is not this broker; request the token with the broker's audience";
            default -> "the token was refused";
        };
    }

    static String denial(Reason reason, String role, Optional<String> claim) {
        return switch (reason) {
            case UNKNOWN_ROLE -> "role " + CallerText.quoted(role) + " does not exist";
            case DENIED_BY_RULE -> "role " + CallerText.quoted(role) + " explicitly denies this identity"
                    + claim.map(c -> " (claim " + CallerText.quoted(c) + ")").orElse("");
            default -> "no trust rule of role " + CallerText.quoted(role) + " admits this identity"
                    + claim.map(c -> " (first failing claim: " + CallerText.quoted(c) + ")").orElse("");
        };
    }

    static String scopeRefused(List<String> refused, String role) {
        return "scope " + CallerText.bounded(refused.toString()) + " is not granted by role " + CallerText.quoted(role);
    }

    static String upstream(Reason reason, String cloud, String code) {
        return reason == Reason.UPSTREAM_DENIED
                ? cloud + " refused the broker's request (" + code + ")"
                : cloud + " is unavailable (" + code + "); retry later";
    }
}
