package dev.wifbroker.policy.explain;

import dev.wifbroker.policy.ConditionTrace;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.model.Rule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders an {@link Explanation} as the text operators read in a terminal: per role the verdict, then each
 * evaluated rule with its file position and every condition marked {@code ok} or {@code FAIL} with expected
 * and actual values, then hints.
 */
public final class ExplainReport {
    private ExplainReport() {}

    public static String render(Explanation e, String claimsSource) {
        StringBuilder out = new StringBuilder();
        if (!e.verified()) {
            out.append("WARNING: claims from ").append(claimsSource)
                    .append(" - signature not verified; this shows what the policy would decide for these claims,")
                    .append(" not that a token carrying them is genuine.\n");
        }
        out.append("identity: issuer ").append(e.identity().issuer()).append(" (").append(e.identity().issuerUrl())
                .append("), sub ").append(e.identity().subject()).append('\n');
        out.append("policy version: ").append(e.policyVersion()).append('\n');
        if (e.roles().isEmpty()) {
            out.append("no role has a trust rule for issuer '").append(e.identity().issuer()).append("'\n");
        }
        for (Explanation.RoleExplanation r : e.roles()) {
            out.append('\n').append("role ").append(r.role()).append(": ").append(verdict(r)).append('\n');
            for (RuleTrace t : r.decision().trace().rules()) {
                rule(out, t, t.label(), r.hints());
            }
            r.hints().stream().filter(h -> h.kind() == Hint.Kind.OTHER_ISSUER)
                    .forEach(h -> out.append("    hint: ").append(h.message()).append('\n'));
            r.shadow().ifPresent(s -> shadow(out, s, r.decision()));
        }
        return out.toString();
    }

    private static String verdict(Explanation.RoleExplanation r) {
        PolicyDecision d = r.decision();
        if (d instanceof PolicyDecision.Allowed a && r.unrenderable().isPresent()) {
            return "DENIED (no_matching_rule): trust[" + a.ruleIndex() + "] matched, but " + r.unrenderable().get().describe()
                    + ", so the exchange cannot mint the credential";
        }
        if (d instanceof PolicyDecision.Allowed a) {
            return "ALLOWED by trust[" + a.ruleIndex() + "]";
        }
        return "DENIED (" + ((PolicyDecision.Denied) d).reason().code() + ")";
    }

    /** The shadow's verdict and trace, after the enforced one; never what the exchange does. */
    private static void shadow(StringBuilder out, Explanation.ShadowExplanation s, PolicyDecision enforced) {
        PolicyDecision d = s.decision();
        String verdict = d instanceof PolicyDecision.Allowed a ? "ALLOWED by " + s.rules().label(
                Rule.Kind.TRUST, a.ruleIndex()) : "DENIED (" + ((PolicyDecision.Denied) d).reason().code() + ")";
        out.append("  shadow (report-only, ").append(s.rules().pos()).append("): ").append(verdict)
                .append(d.allowed() == enforced.allowed() ? ", agrees" : ", DISAGREES").append(" with the enforced rules\n");
        for (RuleTrace t : d.trace().rules()) {
            rule(out, t, s.label(t), List.of());
        }
    }

    private static void rule(StringBuilder out, RuleTrace t, String label, List<Hint> hints) {
        String state = t.kind() == Rule.Kind.DENY
                ? (t.matched() ? "MATCHED (denies)" : "not matched")
                : (t.matched() ? "matched" : t.issuerMatched() ? "FAILED" : "skipped (other issuer)");
        out.append("  ").append(label).append(' ').append(t.pos()).append(": ").append(state).append('\n');
        if (!t.issuerMatched()) {
            return;
        }
        for (ConditionTrace c : t.conditions()) {
            out.append("    ").append(c.passed() ? "ok   " : "FAIL ").append(c.describe()).append('\n');
            for (Hint h : hints) {
                if (h.rule().equals(t.label()) && h.claim().equals(c.claim()) && t.kind() == Rule.Kind.TRUST) {
                    out.append("         hint: ").append(h.message()).append('\n');
                }
            }
        }
    }

    /** The identity's attributes, sorted, for {@code --verbose}-style listings. */
    public static String attributes(Explanation e) {
        StringBuilder out = new StringBuilder("attributes:\n");
        Map<String, Object> sorted = new TreeMap<>(e.identity().attributes());
        sorted.forEach((k, v) -> out.append("  ").append(k).append(" = ").append(v).append('\n'));
        return out.toString();
    }
}
