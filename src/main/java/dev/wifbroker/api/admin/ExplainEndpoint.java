package dev.wifbroker.api.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.identity.CompactJws;
import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.ClaimsIdentity;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.explain.ExplainJson;
import dev.wifbroker.policy.explain.PolicyExplainer;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.text.CallerText;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /admin/v1/explain}: why a token (or a claim set) is allowed or denied a role, rule by
 * rule and condition by condition, with near-miss hints. Body: {@code {"token": "<jwt>", "role": "r"}}
 * or {@code {"claims": {...}, "issuer": "name", "role": "r"}}; without {@code role}, every role
 * trusting the issuer is explained. A token that fails verification is still explained on its
 * unverified claims, flagged as such, next to the verification failure.
 */
@ApplicationScoped
public class ExplainEndpoint {
    private final TokenVerifier verifier;
    private final PolicyRuntime policies;
    private final ObjectMapper json;

    public ExplainEndpoint(TokenVerifier verifier, PolicyRuntime policies, ObjectMapper json) {
        this.verifier = verifier;
        this.policies = policies;
        this.json = json;
    }

    AdminRoutes.AdminResponse handle(JsonNode body) {
        Optional<PolicySet> set = policies.current();
        if (set.isEmpty()) {
            return new AdminRoutes.AdminResponse(503, AdminRoutes.error("not_ready", "no policy set is in force"));
        }
        Optional<String> role = body.hasNonNull("role") ? Optional.of(body.get("role").asText()) : Optional.empty();
        PolicyExplainer explainer = new PolicyExplainer(set.get());
        if (body.hasNonNull("token")) {
            return explainToken(explainer, body.get("token").asText(), role, set.get());
        }
        if (body.hasNonNull("claims") && body.get("claims").isObject() && body.hasNonNull("issuer")) {
            Optional<IssuerSpec> issuer = Optional.ofNullable(set.get().issuers().byName().get(body.get("issuer").asText()));
            if (issuer.isEmpty()) {
                return new AdminRoutes.AdminResponse(400, AdminRoutes.error("issuer_not_trusted",
                        "no issuer named " + CallerText.quoted(body.get("issuer").asText()) + " (issuers: "
                                + set.get().issuers().byName().keySet() + ")"));
            }
            Map<String, Object> claims = json.convertValue(body.get("claims"), new TypeReference<LinkedHashMap<String, Object>>() {});
            IdentityView identity = ClaimsIdentity.of(issuer.get(), claims);
            return new AdminRoutes.AdminResponse(200, ExplainJson.of(explainer.explain(identity, role, false)));
        }
        return new AdminRoutes.AdminResponse(400, AdminRoutes.error("invalid_request",
                "give either 'token', or 'claims' (an object) with 'issuer'; 'role' is optional"));
    }

    private AdminRoutes.AdminResponse explainToken(PolicyExplainer explainer, String token, Optional<String> role, PolicySet set) {
        try {
            IdentityView identity = verifier.verify(token).identity();
            return new AdminRoutes.AdminResponse(200, ExplainJson.of(explainer.explain(identity, role, true)));
        } catch (VerificationException e) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("verification", Map.of("valid", false, "reason", e.reason().code(), "detail", e.getMessage()));
            unverifiedIdentity(token, set, verifier.maxTokenBytes()).ifPresent(id -> out.put("explanation",
                    ExplainJson.of(explainer.explain(id, role, false))));
            return new AdminRoutes.AdminResponse(e.reason().httpStatus(), out);
        }
    }

    /** The token's claims without trusting them, when its issuer is one we know; for explaining only. */
    private static Optional<IdentityView> unverifiedIdentity(String token, PolicySet set, int maxTokenBytes) {
        try {
            CompactJws jws = CompactJws.parse(token, maxTokenBytes);
            Object iss = jws.claims().get("iss");
            return set.issuers().byUrl(String.valueOf(iss)).map(spec -> ClaimsIdentity.of(spec, jws.claims()));
        } catch (VerificationException e) {
            return Optional.empty();
        }
    }
}
