package dev.wifbroker.identity.profile;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the broker knows about one kind of token issuer: its claims, how they normalize into the
 * vendor-neutral attribute view the policy engine matches on, and safe defaults for verification. All of it
 * comes from the profile's {@link ProfileSpec}; one instance per {@link ProfileKind}, from {@link IssuerProfiles#of}.
 */
public final class IssuerProfile {
    /** The registered JWT claims (RFC 7519 §4.1, and {@code azp}), which every identity view carries by name. */
    public static final Set<String> REGISTERED_CLAIMS = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp");

    private final ProfileKind kind;
    private final ProfileSpec spec;
    private final Map<String, List<String>> vocabulary;

    IssuerProfile(ProfileKind kind, ProfileSpec spec) {
        this.kind = kind;
        this.spec = spec;
        this.vocabulary = spec.vocabulary();
    }

    public ProfileKind kind() {
        return kind;
    }

    /** The profile's facts, for the linter and explain. */
    public ProfileSpec spec() {
        return spec;
    }

    /** Algorithms accepted when the issuer file names none. */
    public List<String> defaultAlgorithms() {
        return spec.defaults().algorithms();
    }

    /** Default bound on {@code now - iat}. */
    public Duration defaultMaxTokenAge() {
        return spec.defaults().maxTokenAge();
    }

    /** Default bound on {@code exp - iat}. */
    public Duration defaultMaxLifetime() {
        return spec.defaults().maxLifetime();
    }

    /** Reports URL shapes this profile cannot have (e.g. a GHES issuer not ending in {@code /_services/token}). */
    public void checkIssuerUrl(URI url, Consumer<String> error) {
        spec.hooks().issuerUrl().check(url, error);
    }

    /** True for issuers shared by many tenants (github.com, gitlab.com), where a tenant binding is essential. */
    public boolean multiTenant(URI url) {
        return spec.tenancy().shared(url);
    }

    /**
     * The normalized attributes of a verified claim set, given already flattened by
     * {@link ClaimValues#flatten} (nested claims by dotted path, values as text): the claim table, then the
     * claim hook. Claims absent from the token are absent from the map, never empty strings. Claims passed
     * through by name or prefix need nothing here: the view carries every flattened claim already.
     */
    public Map<String, Object> normalize(Map<String, Object> flatClaims) {
        Map<String, Object> out = new LinkedHashMap<>();
        spec.claims().forEach((claim, attribute) -> ClaimValues.copy(flatClaims, claim, out, attribute));
        spec.hooks().claims().normalize(flatClaims, out);
        return out;
    }

    /**
     * True when tokens of this profile can carry the attribute: an open profile carries anything; otherwise the
     * registered JWT claims, its vocabulary, and the claims it passes through by name or prefix.
     */
    public boolean emits(String name) {
        return spec.open() || REGISTERED_CLAIMS.contains(name) || vocabulary.containsKey(name)
                || spec.passedThrough().contains(name) || spec.prefixes().stream().anyMatch(p -> name.startsWith(p.prefix()));
    }

    /** Every attribute this profile can emit, with its known value vocabulary if closed (empty list if open). */
    public Map<String, List<String>> vocabulary() {
        return vocabulary;
    }

    @Override
    public String toString() {
        return kind.id();
    }
}
