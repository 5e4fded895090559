package dev.wifbroker.credential;

import dev.wifbroker.credential.template.Template;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a role yields: one record per kind, each in its own {@code credential/<kind>/} folder and registered
 * in {@link CredentialKinds}. Open rather than sealed, because a kind lives in its own package; the registry
 * is the one dispatch. Every target has a lifetime and a hard maximum the linter enforces.
 */
public interface CredentialTarget {

    /**
     * The key under {@code credentials:} ({@code aws}, {@code gcp}, {@code azure}, {@code internal}): the
     * {@link CredentialKind#name()} of the registered kind whose target type this is, so a kind names itself once.
     */
    default String kind() {
        return CredentialKinds.of(this).name();
    }

    /** The lifetime of the credential the broker obtains or mints. */
    Duration duration();

    /** The longest lifetime this target supports; above it the policy is refused. */
    Duration maxDuration();

    /** The scopes a caller may narrow to; empty when the kind has none. */
    default List<String> grantableScopes() {
        return List.of();
    }

    /**
     * Whether a request naming scopes beyond {@link #grantableScopes()} gets the requested ones the role has, the
     * answer's {@code scope} naming them (RFC 6749 §3.3), rather than a refusal. It is still refused when none of the
     * requested scopes is grantable.
     */
    default boolean grantsRequestedSubset() {
        return false;
    }

    /**
     * The templated fields, keyed by their path below {@code credentials.<kind>.} ({@code sessionName},
     * {@code tags.team}), in the order explain and the linter list them.
     */
    default Map<String, Template> templates() {
        return Map.of();
    }

    /**
     * Whether one credential may serve every identical request until it nears expiry (a cloud session), so it
     * goes through the credential cache; false when the broker signs a fresh one per exchange.
     */
    default boolean cached() {
        return false;
    }

    /** Whether {@link #duration()} is the lifetime of a JWT the broker's key ring signs (bounded by its max lifetime). */
    default boolean signedByBroker() {
        return false;
    }
}
