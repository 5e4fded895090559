package dev.wifbroker.api.admin;

import dev.wifbroker.credential.admin.AdminPermission;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An operator API call refused before its handler ran: 401 (no valid admin token), 403 (a valid one without
 * the endpoint's permission) or 503 (the shared revocation list cannot be read, so no token is trusted: fail
 * closed, retry after {@link #retryAfter()}). {@code reason} is a stable code; {@code detail} says what to fix,
 * never quoting the token.
 */
public final class AdminRefusal extends Exception {
    private final int status;
    private final String reason;
    private final AdminPermission permission;
    private final Duration retryAfter;

    private AdminRefusal(int status, String reason, String detail, AdminPermission permission, Duration retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.permission = permission;
        this.retryAfter = retryAfter;
    }

    static AdminRefusal unauthorized(String reason, String detail) {
        return new AdminRefusal(401, reason, detail, null, null);
    }

    static AdminRefusal forbidden(AdminPermission permission) {
        return new AdminRefusal(403, "permission_required", "this endpoint needs the admin permission '" + permission.id()
                + "', which the presented admin token does not carry", permission, null);
    }

    static AdminRefusal revocationsUnavailable(Duration retryAfter) {
        return new AdminRefusal(503, "revocations_unavailable", "the shared revocation list cannot be read, so no admin token "
                + "can be checked against it; retry (readiness names the state store)", null, retryAfter);
    }

    /** For a 503, when to try again. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public int status() {
        return status;
    }

    /** Stable: {@code token_missing}, {@code token_malformed}, {@code signature_invalid}, ..., {@code permission_required}. */
    public String reason() {
        return reason;
    }

    /** The JSON answer: {@code {error: unauthorized|forbidden, reason, detail[, permission]}}. */
    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", switch (status) {
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            default -> "temporarily_unavailable";
        });
        m.put("reason", reason);
        m.put("detail", getMessage());
        if (permission != null) {
            m.put("permission", permission.id());
        }
        return m;
    }
}
