package dev.wifbroker.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wifbroker.http.RetryAfter;
import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.VerifiedToken;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /admin/v1/verify {"token": "<jwt>"}}: the identity a token proves, or exactly why it
 * proves nothing. Operators use it to debug a workload's token without exchanging it.
 */
@ApplicationScoped
public class VerifyEndpoint {
    private final TokenVerifier verifier;

    public VerifyEndpoint(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    AdminRoutes.AdminResponse handle(JsonNode body) {
        JsonNode token = body.get("token");
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request",
                    "field 'token' must be a non-empty string holding the JWT"));
        }
        try {
            return new AdminRoutes.AdminResponse(200, view(verifier.verify(token.asText())));
        } catch (VerificationException e) {
            Map<String, Object> m = AdminRoutes.error(e.reason().code(), e.getMessage());
            long retryAfter = e.retryAfter().map(RetryAfter::seconds).orElse(0L);
            return new AdminRoutes.AdminResponse(e.reason().httpStatus(), m, retryAfter);
        }
    }

    static Map<String, Object> view(VerifiedToken token) {
        IdentityView id = token.identity();
        Map<String, Object> issuer = new LinkedHashMap<>();
        issuer.put("name", id.issuer());
        issuer.put("url", id.issuerUrl());
        issuer.put("profile", id.profile().id());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", true);
        m.put("issuer", issuer);
        m.put("subject", id.subject());
        m.put("attributes", new TreeMap<>(id.attributes()));
        m.put("keyId", token.keyId());
        m.put("algorithm", token.algorithm());
        m.put("issuedAt", token.issuedAt().toString());
        m.put("expiresAt", token.expiresAt().toString());
        m.put("jti", token.jti());
        return m;
    }
}
