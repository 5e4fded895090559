package dev.wifbroker.identity.profile;

import dev.wifbroker.identity.profile.github.GitHubActionsProfile;
import dev.wifbroker.identity.profile.gitlab.GitLabProfile;
import dev.wifbroker.identity.profile.kubernetes.KubernetesProfile;
import dev.wifbroker.identity.profile.oidc.OidcProfile;

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
}
