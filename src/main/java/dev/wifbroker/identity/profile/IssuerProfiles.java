package dev.wifbroker.identity.profile;

import dev.wifbroker.identity.profile.github.GitHubActionsProfile;
import dev.wifbroker.identity.profile.gitlab.GitLabProfile;
import dev.wifbroker.identity.profile.kubernetes.KubernetesProfile;
import dev.wifbroker.identity.profile.oidc.OidcProfile;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Maps each {@link ProfileKind} to its implementation; the compiler lists this switch when a kind is added. */
public final class IssuerProfiles {
    private static final IssuerProfile GITHUB = new GitHubActionsProfile();
    private static final IssuerProfile GITLAB = new GitLabProfile();
    private static final IssuerProfile KUBERNETES = new KubernetesProfile();
    private static final IssuerProfile OIDC = new OidcProfile();

    private IssuerProfiles() {}

    public static IssuerProfile of(ProfileKind kind) {
        return switch (kind) {
            case GITHUB_ACTIONS -> GITHUB;
            case GITLAB -> GITLAB;
            case KUBERNETES -> KUBERNETES;
            case OIDC -> OIDC;
        };
    }

    /**
     * The profile that owns {@code url} if it is a shared multi-tenant issuer (github.com, gitlab.com). Only that
     * profile knows which claims name the tenant, so under any other profile the tenant lint could not run and
     * every repository or project on the service would be trusted. The host is compared in any letter case.
     */
    public static Optional<ProfileKind> multiTenantOwner(URI url) {
        URI lower = url.getHost() == null ? url : URI.create(url.toString().toLowerCase(Locale.ROOT));
        return Stream.of(ProfileKind.values()).filter(kind -> of(kind).multiTenant(lower)).findFirst();
    }
}
