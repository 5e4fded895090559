package dev.wifbroker.api.admin;

import dev.wifbroker.credential.admin.AdminPermission;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An operator API call refused before its handler ran: 401 (no valid admin token) or 403 (a valid one without
 * the endpoint's permission). {@code reason} is a stable code; {@code detail} says what to fix, never quoting
 * the token.
 */
public final class AdminRefusal extends Exception {
    private final int status;
    private final String reason;
    private final AdminPermission permission;

    private AdminRefusal(int status, String reason, String detail, AdminPermission permission) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
        this.permission = permission;
    }

    static AdminRefusal unauthorized(String reason, String detail) {
        return new AdminRefusal(401, reason, detail, null);
    }

    static AdminRefusal forbidden(AdminPermission permission) {
        return new AdminRefusal(403, "permission_required", "this endpoint needs the admin permission '" + permission.id()
                + "', which the presented admin token does not carry", permission);
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
        m.put("error", status == 401 ? "unauthorized" : "forbidden");
        m.put("reason", reason);
        m.put("detail", getMessage());
        if (permission != null) {
            m.put("permission", permission.id());
        }
        return m;
    }
}
