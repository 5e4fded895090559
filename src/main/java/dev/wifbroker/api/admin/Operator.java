package dev.wifbroker.api.admin;

import dev.wifbroker.audit.AuditEvent;
import dev.wifbroker.credential.admin.AdminPermission;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who is calling the operator API, as an admin token proved it.
 *
 * @param subject the operator ({@code issuer-name:sub} of the token exchanged for the admin token)
 * @param role the broker role that granted the admin token; null without authentication
 * @param sourceIssuer the {@code iss} of the token the operator exchanged; null without authentication
 * @param permissions what the token allows
 * @param expiresAt the admin token's expiry; null without authentication
 * @param fingerprint the SHA-256 fingerprint of the admin token (never the token); null without authentication
 */
public record Operator(String subject, String role, String sourceIssuer, Set<AdminPermission> permissions, Instant expiresAt,
        String fingerprint) {
    /** The subject audit names when {@code broker.admin.auth=none}: anyone who reached the loopback port. */
    public static final String UNAUTHENTICATED = "unauthenticated:loopback";

    public Operator {
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    /** {@code broker.admin.auth=none}: every permission, named as such in audit. */
    static Operator unauthenticated() {
        return new Operator(UNAUTHENTICATED, null, null, EnumSet.allOf(AdminPermission.class), null, null);
    }

    /** Names this operator in an audit event of an admin or console call. */
    public AuditEvent.Builder describe(AuditEvent.Builder event) {
        Map<String, Object> who = new LinkedHashMap<>();
        who.put("subject", subject);
        who.put("role", role);
        who.put("sourceIssuer", sourceIssuer);
        return event.operator(who).subject(subject).role(role).tokenFingerprint(fingerprint);
    }

    /** @throws AdminRefusal 403 naming {@code permission} when the token does not carry it */
    public void require(AdminPermission permission) throws AdminRefusal {
        if (!permissions.contains(permission)) {
            throw AdminRefusal.forbidden(permission);
        }
    }
}
