package dev.wifbroker.health;

/**
 * The health group a load balancer should probe ({@code /q/health/group/traffic}): the checks without which this
 * replica cannot answer correctly (policy in force, signing keys published). The shared store is left out on
 * purpose: during a Redis outage every replica answers 503 with {@code Retry-After} and keeps serving its JWKS
 * and discovery, which relying parties need to verify tokens already issued; taking every replica out of the
 * Service would turn that into connection errors. Readiness ({@code /q/health/ready}) still reports the store.
 */
public final class TrafficGroup {
    public static final String NAME = "traffic";

    private TrafficGroup() {}
}
