package dev.wifbroker.health;

import dev.wifbroker.guard.StoreHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the state store, named after it: {@code memory} is always up; {@code redis} is down while
 * Redis does not answer a PING within the guard timeout (exchanges fail closed meanwhile).
 */
@Readiness
@ApplicationScoped
public class StateStoreCheck implements HealthCheck {
    private final StoreHealth store;

    public StateStoreCheck(StoreHealth store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        String problem = store.problem();
        HealthCheckResponseBuilder b = HealthCheckResponse.named(store.store()).status(problem == null);
        if (problem != null) {
            b.withData("error", problem);
        }
        return b.build();
    }
}
