package dev.wifbroker.reason;

import java.util.Locale;

/**
 * The stable reason codes of DESIGN.md §3. Clients and dashboards key on {@link #code()}; the
 * registered OAuth error and the HTTP status are derived here once so every protocol adapter agrees.
 */
public enum Reason {
    INVALID_REQUEST("invalid_request", 400),
    UNSUPPORTED_TOKEN_TYPE("invalid_request", 400),
    TOKEN_MALFORMED("invalid_request", 400),
    ISSUER_NOT_TRUSTED("invalid_request", 400),
    ALGORITHM_NOT_ALLOWED("invalid_request", 400),
    KEY_NOT_FOUND("invalid_request", 400),
    SIGNATURE_INVALID("invalid_request", 400),
    JWKS_UNAVAILABLE("temporarily_unavailable", 503),
    TOKEN_EXPIRED("invalid_request", 400),
    TOKEN_NOT_YET_VALID("invalid_request", 400),
    TOKEN_TOO_OLD("invalid_request", 400),
    AUDIENCE_MISMATCH("invalid_request", 400),
    REPLAY_DETECTED("invalid_request", 400),
    UNKNOWN_ROLE("invalid_target", 400),
    NO_MATCHING_RULE("access_denied", 403),
    DENIED_BY_RULE("access_denied", 403),
    SCOPE_NOT_ALLOWED("invalid_scope", 400),
    REVOKED("access_denied", 403),
    RATE_LIMITED("slow_down", 429),
    UPSTREAM_DENIED("access_denied", 403),
    UPSTREAM_UNAVAILABLE("temporarily_unavailable", 503);

    private final String oauthError;
    private final int httpStatus;

    Reason(String oauthError, int httpStatus) {
        this.oauthError = oauthError;
        this.httpStatus = httpStatus;
    }

    /** The stable snake_case code, as it appears in the {@code reason} field. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String oauthError() {
        return oauthError;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True when the fault is ours or an upstream's, so the client should retry later. */
    public boolean retryable() {
        return httpStatus == 503 || httpStatus == 429;
    }
}
