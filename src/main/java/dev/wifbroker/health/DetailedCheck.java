package dev.wifbroker.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check whose detail (policy directory and errors, issuer and signing-key status, the state store's
 * error) is for operators only: {@code /q/health/ready} on the main port answers {@link #call()}, the status alone;
 * {@code GET /admin/v1/health} (management interface, permission {@code read}) answers {@link #detail()}.
 */
public interface DetailedCheck extends HealthCheck {

    /** The check with its data. */
    HealthCheckResponse detail();

    /** Name and status only: what anyone who reaches the main port may see. */
    @Override
    default HealthCheckResponse call() {
        HealthCheckResponse full = detail();
        return HealthCheckResponse.named(full.getName()).status(full.getStatus() == HealthCheckResponse.Status.UP).build();
    }
}
