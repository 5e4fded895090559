package dev.wifbroker.policy.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code broker_policy_version_info{version="sha256:..."} 1}: the policy version in force as a label, one
 * series per replica, so one query shows whether every replica serves the same set (each loads its own
 * directory). The previous version's series is removed at each swap, so a replica never reports two.
 */
@ApplicationScoped
public class PolicyVersionMetric {
    static final String NAME = "broker.policy.version.info";
    private final MeterRegistry meters;
    private Gauge current;

    public PolicyVersionMetric(MeterRegistry meters) {
        this.meters = meters;
    }

    void onActivated(@Observes PolicySetActivated event) {
        show(event.current().version());
    }

    synchronized void show(String version) {
        if (current != null) {
            meters.remove(current);
        }
        current = Gauge.builder(NAME, () -> 1).tag("version", version)
                .description("The trust-policy version in force (value always 1); compare across replicas").register(meters);
    }
}
