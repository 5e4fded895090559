package dev.wifbroker.credential.azure;

import dev.wifbroker.credential.CredentialTarget;
import java.time.Duration;
import java.util.List;

/**
 * {@code credentials.azure}: an Entra app registration that trusts the broker through a federated
 * identity credential.
 *
 * @param tenantId Entra tenant (GUID)
 * @param clientId application (client) ID (GUID)
 * @param scope the token scope, e.g. {@code https://management.azure.com/.default}
 * @param mode {@code token}: the broker redeems its assertion at Entra and returns the access token;
 *     {@code assertion}: the workload receives an Entra-ready assertion for {@code WorkloadIdentityCredential}
 * @param duration lifetime of the broker's assertion (Entra decides the access token's lifetime)
 */
public record AzureTarget(String tenantId, String clientId, String scope, Mode mode, Duration duration)
        implements CredentialTarget {
    public static final Duration MAX = Duration.ofHours(1);
    public static final Duration DEFAULT = Duration.ofMinutes(10);

    public enum Mode {
        TOKEN,
        ASSERTION
    }

    @Override
    public Duration maxDuration() {
        return MAX;
    }

    @Override
    public List<String> grantableScopes() {
        return scope == null ? List.of() : List.of(scope);
    }

    /** Token mode caches Entra's access token; an assertion is signed per exchange. */
    @Override
    public boolean cached() {
        return mode == Mode.TOKEN;
    }

    @Override
    public boolean signedByBroker() {
        return true;
    }
}
