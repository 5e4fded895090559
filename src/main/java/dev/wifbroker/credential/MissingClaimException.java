package dev.wifbroker.credential;

/**
 * A credential template (an AWS session name or tag, a claim of an internal token) references a claim
 * the verified token does not carry, or carries with several values. The minter refuses rather than
 * guess, because a guessed session name or tag would misattribute the credential or widen an ABAC
 * policy. The exchange reports it like a failed condition ({@code no_matching_rule}); the claim name is
 * safe to log, its expected value never appears here.
 */
public final class MissingClaimException extends RuntimeException {
    private final String claim;

    public MissingClaimException(String claim, String field) {
        super(field + " needs claim '" + claim + "', which the token lacks or carries with several values", null, false, false);
        this.claim = claim;
    }

    /** The claim the template reads. */
    public String claim() {
        return claim;
    }
}
