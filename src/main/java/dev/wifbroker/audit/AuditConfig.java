package dev.wifbroker.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code broker.audit.*}. */
@ConfigMapping(prefix = "broker.audit")
public interface AuditConfig {

    /** How many recent exchange events each replica keeps in memory for {@code GET /admin/v1/decisions}. */
    @WithDefault("1000")
    int recentDecisions();
}
