package dev.wifbroker.exchange;

import dev.wifbroker.audit.AuditEvent;
import dev.wifbroker.policy.LiveDecision;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.reason.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a live decision's shadow verdict into its audit field and counts it:
 * {@code broker_shadow_decisions_total{role, agreement="agree|disagree", enforced, shadow}}, where {@code enforced}
 * and {@code shadow} are each rule set's policy verdict ({@code allow|deny}). Only roles with shadow rules are
 * counted, so the series are bounded by the policy's roles; counters are looked up, not registered, per exchange.
 */
@ApplicationScoped
public class ShadowOutcomes {
    static final String METRIC = "broker.shadow.decisions";
    private final MeterRegistry meters;
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();

    private record Key(String role, boolean enforced, boolean shadow) {}

    public ShadowOutcomes(MeterRegistry meters) {
        this.meters = meters;
    }

    /** The audit field for {@code live}'s shadow verdict, counted once; null for a role without shadow rules. */
    AuditEvent.Shadow record(String role, LiveDecision live) {
        if (live.shadow().isEmpty()) {
            return null;
        }
        PolicyDecision shadow = live.shadow().get();
        counters.computeIfAbsent(new Key(role, live.enforced().allowed(), shadow.allowed()), this::counter).increment();
        return audit(shadow, live.shadowRules().orElseThrow(), live.agrees());
    }

    private Counter counter(Key key) {
        return Counter.builder(METRIC).tag("role", key.role()).tag("agreement", key.enforced() == key.shadow() ? "agree" : "disagree")
                .tag("enforced", verdict(key.enforced())).tag("shadow", verdict(key.shadow()))
                .description("Live exchanges whose role has shadow (report-only) rules, by whether those rules agreed with the enforced ones")
                .register(meters);
    }

    static AuditEvent.Shadow audit(PolicyDecision shadow, Shadow rules, boolean agrees) {
        String agreement = agrees ? "agree" : "disagree";
        if (shadow instanceof PolicyDecision.Allowed a) {
            return new AuditEvent.Shadow("allow", agreement, rules.label(Rule.Kind.TRUST, a.ruleIndex()), null, null);
        }
        PolicyDecision.Denied d = (PolicyDecision.Denied) shadow;
        Optional<RuleTrace> deciding = d.reason() == Reason.DENIED_BY_RULE
                ? d.trace().deny().stream().filter(RuleTrace::matched).findFirst()
                : d.trace().closestTrustRule();
        return new AuditEvent.Shadow("deny", agreement, deciding.map(r -> rules.label(r.kind(), r.index())).orElse(null),
                d.reason().code(), d.failingClaim().orElse(null));
    }

    private static String verdict(boolean allowed) {
        return allowed ? "allow" : "deny";
    }
}
