package dev.wifbroker.identity.profile;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A profile's shared multi-tenant issuer (github.com, gitlab.com), if it has one, and the claims that name a
 * tenant on it, which the {@code no-tenant-binding} lint requires every trust rule to pin.
 *
 * @param shared the issuer every tenant of the service shares
 * @param claims attribute to what it names of the tenant
 * @param subjectKeys for {@link TenantClaim#SUBJECT} claims, the {@code key:value} keys of the subject naming the tenant
 * @param noun what a tenant is called ({@code repository}, {@code project})
 * @param example the binding a fix suggests
 */
public record Tenancy(Optional<SharedIssuer> shared, Map<String, TenantClaim> claims, Map<String, TenantClaim> subjectKeys,
        String noun, String example) {
    /** No shared issuer and no tenant claims. */
    public static final Tenancy NONE = new Tenancy(Optional.empty(), Map.of(), Map.of(), "tenant",
            "a condition that pins the tenant");

    public Tenancy {
        claims = Map.copyOf(claims);
        subjectKeys = Map.copyOf(subjectKeys);
    }

    /** True for the shared issuer's URL (host already lower-cased by the caller where case does not matter). */
    public boolean shared(URI url) {
        return shared.filter(s -> s.host().equals(url.getHost())
                && (s.anyPath() || url.getPath() == null || url.getPath().isEmpty())).isPresent();
    }

    /**
     * The issuer shared by every tenant of a service.
     *
     * @param anyPath whether every path on the host is the shared issuer too (gitlab.com), or only the bare host
     *     (token.actions.githubusercontent.com; a path there is a GHEC enterprise's own issuer)
     */
    public record SharedIssuer(String host, boolean anyPath) {}

    /** What a tenant claim names. */
    public enum TenantClaim {
        /** the repository or project, by immutable ID */
        REPOSITORY_ID,
        /** the owner (organization, group), by immutable ID */
        OWNER_ID,
        /** the owner by name */
        OWNER_NAME,
        /** an {@code owner/name} path ({@code group/sub/project} on GitLab), also {@code owner@id/name@id} */
        PATH,
        /** a {@code key:value} subject whose {@link Tenancy#subjectKeys} name the tenant */
        SUBJECT
    }
}
