package dev.wifbroker.api.admin;

import dev.wifbroker.credential.admin.AdminConfig;
import dev.wifbroker.http.Loopback;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses to start with an open operator API anywhere but loopback: {@code broker.admin.auth=none} needs
 * {@code quarkus.management.host} to be a loopback address, and so does the demo issuer whatever the
 * authentication: it mints tokens for anyone who asks, and the sample policy trusts them for operator roles.
 */
@ApplicationScoped
public class AdminAuthGuard {
    private static final Logger LOG = Logger.getLogger(AdminAuthGuard.class);

    private final AdminConfig config;
    private final String managementHost;
    private final boolean demo;

    public AdminAuthGuard(AdminConfig config, @ConfigProperty(name = "quarkus.management.host", defaultValue = "0.0.0.0") String managementHost,
            @ConfigProperty(name = "broker.demo.enabled", defaultValue = "false") boolean demo) {
        this.config = config;
        this.managementHost = managementHost;
        this.demo = demo;
    }

    void check(@Observes StartupEvent start) {
        Optional<String> refusal = refusal(config.auth(), managementHost, demo);
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
        if (config.auth() == AdminConfig.Auth.NONE) {
            LOG.warnf("broker.admin.auth=none: the operator API on %s is open to every local process", managementHost);
        }
    }

    /** Why this combination may not start, if it may not. */
    static Optional<String> refusal(AdminConfig.Auth auth, String managementHost, boolean demo) {
        if (Loopback.isLoopbackHost(managementHost)) {
            return Optional.empty();
        }
        if (demo) {
            return Optional.of("refusing to start: the demo issuer (broker.demo.enabled) on the non-loopback management host "
                    + managementHost + " would mint tokens for anyone who reaches it, operator roles included; "
                    + "it runs only with quarkus.management.host on loopback");
        }
        if (auth != AdminConfig.Auth.NONE) {
            return Optional.empty();
        }
        return Optional.of("refusing to start: broker.admin.auth=none is allowed only on a loopback management interface, "
                + "but quarkus.management.host is " + managementHost + "; use broker.admin.auth=required (docs/api.md#operator-authentication)");
    }
}
