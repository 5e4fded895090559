package dev.wifbroker.credential.admin;

import dev.wifbroker.credential.CredentialTarget;
import java.time.Duration;
import java.util.List;

/**
 * {@code credentials.admin}: a broker-signed token for the operator API on the management interface.
 *
 * @param permissions what the token allows, at least one of {@code read}, {@code explain}, {@code revoke}
 * @param duration token lifetime, default 15 min, at most 1 h
 */
public record AdminTarget(List<AdminPermission> permissions, Duration duration) implements CredentialTarget {
    public static final Duration MAX = Duration.ofHours(1);
    public static final Duration DEFAULT = Duration.ofMinutes(15);

    public AdminTarget {
        permissions = List.copyOf(permissions);
    }

    @Override
    public Duration maxDuration() {
        return MAX;
    }

    @Override
    public boolean signedByBroker() {
        return true;
    }
}
