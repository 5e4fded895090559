package dev.wifbroker.identity.profile;

import dev.wifbroker.identity.profile.github.GitHubActionsProfile;
import dev.wifbroker.identity.profile.gitlab.GitLabProfile;
import dev.wifbroker.identity.profile.kubernetes.KubernetesProfile;
import dev.wifbroker.identity.profile.oidc.OidcProfile;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The closed set of issuer profiles, and their registration: each constant names the profile's id in issuer
 * files and the spec its folder builds. Adding a profile is one constant here; {@link IssuerProfiles} does the rest.
 */
public enum ProfileKind {
    GITHUB_ACTIONS("github-actions", () -> GitHubActionsProfile.SPEC),
    GITLAB("gitlab", () -> GitLabProfile.SPEC),
    KUBERNETES("kubernetes", () -> KubernetesProfile.SPEC),
    OIDC("oidc", () -> OidcProfile.SPEC);

    private final String id;
    private final Supplier<ProfileSpec> spec;

    ProfileKind(String id, Supplier<ProfileSpec> spec) {
        this.id = id;
        this.spec = spec;
    }

    /** The name used in issuer files. */
    public String id() {
        return id;
    }

    /** The profile's spec; read through {@link IssuerProfiles#of}, which builds each profile once. */
    ProfileSpec spec() {
        return spec.get();
    }

    public static Optional<ProfileKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
