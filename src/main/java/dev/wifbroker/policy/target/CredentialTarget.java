package dev.wifbroker.policy.target;

import java.time.Duration;

/**
 * What a role yields. Sealed so that each credential issuer's dispatch is one exhaustive switch.
 * Every target has a lifetime and a hard maximum the linter enforces.
 */
public sealed interface CredentialTarget permits AwsTarget, GcpTarget, AzureTarget, InternalTarget {

    /** The key under {@code credentials:} ({@code aws}, {@code gcp}, {@code azure}, {@code internal}). */
    String kind();

    /** The lifetime of the credential the broker obtains or mints. */
    Duration duration();

    /** The longest lifetime this target supports; above it the policy is refused. */
    Duration maxDuration();
}
