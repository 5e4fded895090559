package dev.wifbroker.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI wiring of the audit log. */
@ApplicationScoped
public class AuditBeans {

    @Produces
    @Singleton
    AuditLog auditLog(Clock clock, AuditConfig config) {
        return new AuditLog(clock, new RecentDecisions(config.recentDecisions()));
    }
}
