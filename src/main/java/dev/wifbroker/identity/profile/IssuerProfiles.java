package dev.wifbroker.identity.profile;

import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The profile registry: one {@link IssuerProfile} per {@link ProfileKind}, built once from its spec. Everything
 * outside {@code identity.profile} that needs a vendor fact reads it here, never by naming a profile class.
 */
public final class IssuerProfiles {
    private static final Map<ProfileKind, IssuerProfile> PROFILES = build();
    private static final Set<String> NUMERIC_IDS = union(ProfileSpec::numericIds);
    private static final Set<String> OWNER_PATHS = union(ProfileSpec::ownerPaths);
    private static final Map<String, List<String>> IMMUTABLE_IDS = merged(ProfileSpec::immutableIds);
    private static final Map<String, String> ABSENT_HINTS = merged(ProfileSpec::absentHints);
    private static final List<Pattern> SHARED_AUDIENCES = PROFILES.values().stream()
            .flatMap(p -> p.spec().sharedAudiences().stream()).toList();

    private IssuerProfiles() {}

    public static IssuerProfile of(ProfileKind kind) {
        return PROFILES.get(kind);
    }

    /** Every profile, in {@link ProfileKind} order. */
    public static List<IssuerProfile> all() {
        return List.copyOf(PROFILES.values());
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

    /*
     * The facts below are judged by claim name whatever the rule's issuer, as the lints always have: each profile
     * declares its own, and these are their union.
     */

    /** Attributes some profile declares numeric IDs. */
    public static Set<String> numericIds() {
        return NUMERIC_IDS;
    }

    /** Attributes some profile declares owner-prefixed paths. */
    public static Set<String> ownerPaths() {
        return OWNER_PATHS;
    }

    /** For a name attribute of some profile, the immutable-ID attributes that bind the same thing. */
    public static Map<String, List<String>> immutableIds() {
        return IMMUTABLE_IDS;
    }

    /** Explain's hint for a token lacking an attribute, as some profile words it. */
    public static Optional<String> absentHint(String attribute) {
        return Optional.ofNullable(ABSENT_HINTS.get(attribute));
    }

    /** Audiences some vendor's tokens carry for other relying parties. */
    public static List<Pattern> sharedAudiences() {
        return SHARED_AUDIENCES;
    }

    private static Map<ProfileKind, IssuerProfile> build() {
        Map<ProfileKind, IssuerProfile> out = new EnumMap<>(ProfileKind.class);
        Arrays.stream(ProfileKind.values()).forEach(kind -> out.put(kind, new IssuerProfile(kind, kind.spec())));
        return Collections.unmodifiableMap(out);
    }

    private static Set<String> union(java.util.function.Function<ProfileSpec, Set<String>> part) {
        Set<String> out = new LinkedHashSet<>();
        PROFILES.values().forEach(p -> out.addAll(part.apply(p.spec())));
        return Collections.unmodifiableSet(out);
    }

    private static <V> Map<String, V> merged(java.util.function.Function<ProfileSpec, Map<String, V>> part) {
        Map<String, V> out = new LinkedHashMap<>();
        PROFILES.values().forEach(p -> part.apply(p.spec()).forEach(out::putIfAbsent));
        return Collections.unmodifiableMap(out);
    }
}
