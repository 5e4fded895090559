package dev.wifbroker.api.admin;

import dev.wifbroker.health.DetailedCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * {@code GET /admin/v1/health}: the readiness checks with their detail, in the shape of {@code /q/health/ready}
 * ({@code {status, checks: [{name, status, data}]}}), which on the main port shows the status alone.
 */
@ApplicationScoped
public class HealthEndpoint {
    private final Instance<DetailedCheck> checks;

    public HealthEndpoint(@Any Instance<DetailedCheck> checks) {
        this.checks = checks;
    }

    AdminRoutes.AdminResponse health() {
        List<Map<String, Object>> out = new ArrayList<>();
        boolean up = true;
        for (DetailedCheck check : checks) {
            HealthCheckResponse r = check.detail();
            up &= r.getStatus() == HealthCheckResponse.Status.UP;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.getName());
            m.put("status", r.getStatus().name());
            r.getData().ifPresent(data -> m.put("data", data));
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("checks", out);
        return new AdminRoutes.AdminResponse(200, body);
    }
}
