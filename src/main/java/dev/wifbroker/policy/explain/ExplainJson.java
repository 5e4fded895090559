package dev.wifbroker.policy.explain;

import dev.wifbroker.policy.ConditionTrace;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.model.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An {@link Explanation} as plain maps and lists of strings, for the management interface's
 * {@code POST /admin/v1/explain}: the decision records hold compiled roles that are not meant for JSON.
 * Operator-only, like the text report: it contains expected values.
 */
public final class ExplainJson {
    private ExplainJson() {}

    public static Map<String, Object> of(Explanation e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verified", e.verified());
        out.put("policyVersion", e.policyVersion());
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("issuer", e.identity().issuer());
        identity.put("issuerUrl", e.identity().issuerUrl());
        identity.put("subject", e.identity().subject());
        identity.put("attributes", new TreeMap<>(e.identity().attributes()));
        out.put("identity", identity);
        List<Object> roles = new ArrayList<>();
        for (Explanation.RoleExplanation r : e.roles()) {
            roles.add(role(r));
        }
        out.put("roles", roles);
        return out;
    }

    /** One role's decision: its rules and conditions, and the hints the explanation carries. */
    public static Map<String, Object> role(Explanation.RoleExplanation r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", r.role());
        PolicyDecision d = r.decision();
        out.put("allowed", r.allowed());
        if (d instanceof PolicyDecision.Allowed a) {
            out.put("rule", "trust[" + a.ruleIndex() + "]");
            r.unrenderable().ifPresent(u -> {
                out.put("reason", "no_matching_rule");
                out.put("failingClaim", u.claim());
                out.put("credentialTemplate", Map.of("field", u.field().field(), "template", u.field().template().source(),
                        "claim", u.claim(), "message", u.describe()));
            });
        } else {
            PolicyDecision.Denied denied = (PolicyDecision.Denied) d;
            out.put("reason", denied.reason().code());
            denied.failingClaim().ifPresent(c -> out.put("failingClaim", c));
        }
        out.put("rules", rules(d, RuleTrace::label));
        List<Object> hints = new ArrayList<>();
        for (Hint h : r.hints()) {
            hints.add(Map.of("rule", h.rule(), "claim", h.claim(), "kind", h.kind().name().toLowerCase(java.util.Locale.ROOT),
                    "message", h.message()));
        }
        out.put("hints", hints);
        r.shadow().ifPresent(s -> out.put("shadow", shadow(s, d)));
        return out;
    }

    /** The shadow's verdict and trace, labelled as audit events label them; report-only. */
    private static Map<String, Object> shadow(Explanation.ShadowExplanation s, PolicyDecision enforced) {
        Map<String, Object> out = new LinkedHashMap<>();
        PolicyDecision d = s.decision();
        out.put("allowed", d.allowed());
        out.put("agreement", d.allowed() == enforced.allowed() ? "agree" : "disagree");
        out.put("source", s.rules().pos().toString());
        if (d instanceof PolicyDecision.Allowed a) {
            out.put("rule", s.rules().label(Rule.Kind.TRUST, a.ruleIndex()));
        } else {
            PolicyDecision.Denied denied = (PolicyDecision.Denied) d;
            out.put("reason", denied.reason().code());
            denied.failingClaim().ifPresent(c -> out.put("failingClaim", c));
        }
        out.put("rules", rules(d, s::label));
        return out;
    }

    private static List<Object> rules(PolicyDecision d, Function<RuleTrace, String> label) {
        List<Object> rules = new ArrayList<>();
        for (RuleTrace t : d.trace().rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule", label.apply(t));
            rule.put("at", t.pos().toString());
            rule.put("issuerMatched", t.issuerMatched());
            rule.put("matched", t.matched());
            List<Object> conditions = new ArrayList<>();
            for (ConditionTrace c : t.conditions()) {
                Map<String, Object> cond = new LinkedHashMap<>();
                cond.put("claim", c.claim());
                cond.put("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
                cond.put("expected", c.expected());
                cond.put("actual", c.actual());
                if (c.detail() != null) {
                    cond.put("detail", c.detail());
                }
                cond.put("text", c.describe());
                conditions.add(cond);
            }
            rule.put("conditions", conditions);
            rules.add(rule);
        }
        return rules;
    }
}
