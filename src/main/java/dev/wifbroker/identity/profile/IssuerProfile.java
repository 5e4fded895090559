package dev.wifbroker.identity.profile;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the broker knows about one kind of token issuer: its claims, how they normalize into the
 * vendor-neutral attribute view the policy engine matches on, and safe defaults for verification.
 */
public interface IssuerProfile {

    ProfileKind kind();

    /** Algorithms accepted when the issuer file names none. */
    List<String> defaultAlgorithms();

    /** Default bound on {@code now - iat}. */
    Duration defaultMaxTokenAge();

    /** Default bound on {@code exp - iat}. */
    Duration defaultMaxLifetime();

    /** Reports URL shapes this profile cannot have (e.g. a GHES issuer not ending in {@code /_services/token}). */
    void checkIssuerUrl(URI url, Consumer<String> error);

    /** True for issuers shared by many tenants (github.com, gitlab.com), where a tenant binding is essential. */
    boolean multiTenant(URI url);

    /**
     * The normalized attributes of a verified claim set, given already flattened by
     * {@link ClaimValues#flatten} (nested claims by dotted path, values as text). Claims absent from
     * the token are absent from the map, never empty strings.
     */
    Map<String, Object> normalize(Map<String, Object> flatClaims);

    /** Every attribute this profile can emit, with its known value vocabulary if closed (empty list if open). */
    Map<String, List<String>> vocabulary();
}
