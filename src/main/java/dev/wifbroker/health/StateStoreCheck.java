package dev.wifbroker.health;

import dev.wifbroker.guard.StoreHealth;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the clustered state store, check {@code redis}: down while Redis does not answer a PING within
 * the guard timeout (exchanges fail closed meanwhile). Absent in memory mode, which has nothing to report.
 */
@Readiness
@LookupIfProperty(name = "broker.state", stringValue = "redis")
@ApplicationScoped
public class StateStoreCheck implements DetailedCheck {
    private final StoreHealth store;

    public StateStoreCheck(StoreHealth store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse detail() {
        String problem = store.problem();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(store.store()).status(problem == null);
        if (problem != null) {
            b.withData("error", problem);
        }
        return b.build();
    }
}
