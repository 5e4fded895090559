package dev.wifbroker.policy.explain;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.credential.template.CredentialTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Operator-side explain: runs the real engine, renders an allowed role's credential templates as the exchange
 * would, then adds near-miss hints to every failed trust rule of the token's issuer. Without a role, explains every role that has a rule for the token's issuer, which
 * answers "what could this token get, and why not the one I wanted".
 */
public final class PolicyExplainer {
    private final PolicySet set;

    public PolicyExplainer(PolicySet set) {
        this.set = set;
    }

    public Explanation explain(IdentityView identity, Optional<String> role, boolean verified) {
        List<String> roles = role.map(List::of).orElseGet(() -> set.roleNames().stream()
                .filter(name -> set.role(name).orElseThrow().trust().stream().anyMatch(r -> r.issuer().equals(identity.issuer())))
                .toList());
        PolicyEngine engine = PolicyEngine.of(set);
        List<Explanation.RoleExplanation> out = new ArrayList<>();
        for (String name : roles) {
            PolicyDecision d = engine.decide(identity, name);
            // The exchange renders the role's credential templates after the decision; a template on a claim this
            // token lacks refuses it there, so explain says so rather than ALLOWED.
            Optional<CredentialTemplates.Unrenderable> unrenderable = d instanceof PolicyDecision.Allowed a
                    ? CredentialTemplates.firstUnrenderable(a.role().credentials().all(), identity.attributes()) : Optional.empty();
            // Cheap (memory only) and what the live exchange records: the shadow's verdict beside the enforced one.
            Optional<Explanation.ShadowExplanation> shadow = set.role(name).flatMap(Role::shadow)
                    .map(s -> new Explanation.ShadowExplanation(engine.decideShadow(identity, name), s));
            out.add(new Explanation.RoleExplanation(name, d, hints(identity, name, d), unrenderable, shadow));
        }
        return new Explanation(identity, verified, set.version(), out);
    }

    private List<Hint> hints(IdentityView identity, String roleName, PolicyDecision d) {
        Optional<Role> role = set.role(roleName);
        if (role.isEmpty() || d.allowed()) {
            return List.of();
        }
        IssuerSpec issuer = set.issuers().byName().get(identity.issuer());
        List<Hint> out = new ArrayList<>();
        List<RuleTrace> trust = d.trace().trust();
        if (!trust.isEmpty() && trust.stream().noneMatch(RuleTrace::issuerMatched)) {
            out.add(new Hint("trust", "issuer", Hint.Kind.OTHER_ISSUER, "no trust rule of role '" + roleName
                    + "' is for issuer '" + identity.issuer() + "' (its rules are for: " + String.join(", ",
                    role.get().trust().stream().map(Rule::issuer).distinct().toList()) + ")"));
        }
        for (RuleTrace t : trust) {
            if (t.issuerMatched() && !t.matched() && issuer != null) {
                out.addAll(NearMisses.of(role.get().trust().get(t.index()), t, identity, issuer));
            }
        }
        return out;
    }
}
