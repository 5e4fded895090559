package dev.wifbroker.credential.gcp;

import dev.wifbroker.credential.CredentialTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code credentials.gcp}: Google STS token exchange against a workload identity pool provider that
 * trusts the broker, optionally followed by service-account impersonation.
 *
 * @param workloadIdentityProvider {@code //iam.googleapis.com/projects/N/locations/global/workloadIdentityPools/P/providers/X}
 * @param serviceAccount the account to impersonate, or empty for a federated access token
 * @param scopes OAuth scopes of the access token
 * @param duration access token lifetime, at most 1 h
 */
public record GcpTarget(String workloadIdentityProvider, Optional<String> serviceAccount, List<String> scopes,
        Duration duration) implements CredentialTarget {
    public static final Duration MAX = Duration.ofHours(1);
    public static final Duration DEFAULT = Duration.ofHours(1);
    public static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    public GcpTarget {
        scopes = List.copyOf(scopes);
    }

    @Override
    public Duration maxDuration() {
        return MAX;
    }

    @Override
    public List<String> grantableScopes() {
        return scopes;
    }

    /**
     * Google clients ask for fixed sets their users cannot narrow (gcloud: openid, userinfo.email, cloud-platform,
     * appengine.admin, sqlservice.login, compute), which Google's own STS grants; the role's scopes bound the token.
     */
    @Override
    public boolean grantsRequestedSubset() {
        return true;
    }

    @Override
    public boolean cached() {
        return true;
    }
}
