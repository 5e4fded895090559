package dev.wifbroker.health;

import dev.wifbroker.keys.ClusterJwks;
import dev.wifbroker.keys.ClusterKeyStatus;
import dev.wifbroker.keys.PublishedJwks;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.health.api.HealthGroup;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * With {@code broker.state=redis}: ready once this replica's active keys have been in Redis for the join
 * delay (every replica's JWKS, and relying parties' caches of it, then hold them) and the cluster's keys fit
 * {@code broker.keys.max-published-keys}. An unreachable Redis alone does not make it unready: the replica
 * keeps signing with keys every JWKS already holds. Always ready with {@code broker.state=memory}.
 */
@Readiness
@HealthGroup(TrafficGroup.NAME)
@ApplicationScoped
public class SigningKeysReadinessCheck implements DetailedCheck {
    private final PublishedJwks jwks;

    public SigningKeysReadinessCheck(PublishedJwks jwks) {
        this.jwks = jwks;
    }

    @Override
    public HealthCheckResponse detail() {
        if (!(jwks instanceof ClusterJwks cluster)) {
            return HealthCheckResponse.named("signing-keys").up().withData("state", "memory")
                    .withData("servedKeys", jwks.document().keyCount()).build();
        }
        ClusterKeyStatus s = cluster.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("signing-keys").status(s.ready())
                .withData("state", "redis")
                .withData("storeReachable", s.storeReachable())
                .withData("servedKeys", s.servedKeys())
                .withData("foreignKeys", s.foreignKeys())
                .withData("maxPublishedKeys", cluster.settings().maxPublishedKeys());
        if (s.refreshedAt() != null) {
            b.withData("refreshedAt", s.refreshedAt().toString());
        }
        if (s.error() != null) {
            b.withData("error", s.error());
        }
        if (!s.joiningKids().isEmpty()) {
            b.withData("joining", String.join(",", s.joiningKids()));
        }
        if (!s.unpublishedKids().isEmpty()) {
            b.withData("unpublishedOverCap", String.join(",", s.unpublishedKids()));
        }
        if (s.droppedKeys() > 0) {
            b.withData("droppedOverCap", s.droppedKeys());
        }
        if (s.rejectedEntries() > 0) {
            b.withData("rejectedEntries", s.rejectedEntries());
        }
        return b.build();
    }
}
