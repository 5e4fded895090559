package dev.wifbroker.health;

import dev.wifbroker.policy.runtime.PolicyRuntime;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a policy set is in force. A later refused or crashed reload keeps the broker ready (the last
 * good set serves) and shows the error; {@code lastPollAt} shows the watcher is still looking for edits. Issuer key status is reported but does not gate readiness: one
 * unreachable issuer must not take the broker out of service for all others.
 */
@Readiness
@HealthGroup(TrafficGroup.NAME)
@ApplicationScoped
public class PolicyReadinessCheck implements DetailedCheck {
    private final PolicyRuntime policies;

    public PolicyReadinessCheck(PolicyRuntime policies) {
        this.policies = policies;
    }

    @Override
    public HealthCheckResponse detail() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("trust-policies").status(policies.current().isPresent());
        policies.current().ifPresent(set -> b.withData("version", set.version())
                .withData("roles", set.roles().size())
                .withData("issuers", set.issuers().byName().size()));
        b.withData("directory", policies.directory().toAbsolutePath().toString());
        if (policies.lastPollAt() != null) {
            b.withData("lastPollAt", policies.lastPollAt().toString());
        }
        if (policies.lastError() != null) {
            b.withData("lastError", policies.lastError());
            b.withData("lastErrorAt", String.valueOf(policies.lastErrorAt()));
        }
        policies.trustedIssuers().status().forEach((issuer, status) -> b.withData("issuer." + issuer, String.valueOf(status)));
        return b.build();
    }
}
