package dev.wifbroker.credential;

import java.time.Duration;

/**
 * What a role yields: one record per kind, each in its own {@code credential/<kind>/} folder. Open rather
 * than sealed, because a kind lives in its own package. Every target has a lifetime and a hard maximum the
 * linter enforces.
 */
public interface CredentialTarget {

    /** The key under {@code credentials:} ({@code aws}, {@code gcp}, {@code azure}, {@code internal}). */
    String kind();

    /** The lifetime of the credential the broker obtains or mints. */
    Duration duration();

    /** The longest lifetime this target supports; above it the policy is refused. */
    Duration maxDuration();
}
