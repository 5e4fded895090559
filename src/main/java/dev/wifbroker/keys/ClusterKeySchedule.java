package dev.wifbroker.keys;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Refreshes the cluster JWKS every {@code broker.keys.cluster-refresh-interval}; nothing to do with {@code broker.state=memory}. */
@ApplicationScoped
public class ClusterKeySchedule {
    private final PublishedJwks jwks;

    public ClusterKeySchedule(PublishedJwks jwks) {
        this.jwks = jwks;
    }

    @Scheduled(identity = "cluster-jwks-refresh", every = "${broker.keys.cluster-refresh-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (jwks instanceof ClusterJwks cluster) {
            cluster.refresh();
        }
    }
}
