package dev.wifbroker.health;

import dev.wifbroker.identity.IssuerRegistry;
import dev.wifbroker.identity.IssuerStartup;
import dev.wifbroker.yaml.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a policy directory has loaded. Issuer key status is reported but does not gate
 * readiness: one unreachable issuer must not take the broker out of service for all others.
 */
@Readiness
@ApplicationScoped
public class PolicyReadinessCheck implements HealthCheck {
    private final IssuerStartup startup;
    private final IssuerRegistry registry;

    public PolicyReadinessCheck(IssuerStartup startup, IssuerRegistry registry) {
        this.startup = startup;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("trust-policies").status(startup.loaded());
        registry.status().forEach((issuer, status) -> b.withData("issuer." + issuer, String.valueOf(status)));
        startup.problems().stream().filter(Problem::isError).limit(10)
                .forEach(p -> b.withData("error." + p.file() + ":" + p.line(), p.message()));
        return b.build();
    }
}
