package dev.wifbroker.identity.profile;

import java.util.Arrays;
import java.util.Optional;

/** The closed set of issuer profiles; {@link IssuerProfiles#of} is the one switch over it. */
public enum ProfileKind {
    GITHUB_ACTIONS("github-actions"),
    GITLAB("gitlab"),
    KUBERNETES("kubernetes"),
    OIDC("oidc");

    private final String id;

    ProfileKind(String id) {
        this.id = id;
    }

    /** The name used in issuer files. */
    public String id() {
        return id;
    }

    public static Optional<ProfileKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
