package dev.wifbroker.identity.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the broker knows about one kind of issuer, as data: verification defaults, which claims become which
 * attributes, the attributes' value vocabularies, which are immutable IDs, which name the tenant, which values
 * mean a privileged trigger, and the near-miss hints explain gives. Built once in the profile's own folder
 * ({@code github/GitHubActionsProfile#SPEC}); normalization, the linter and explain read it through
 * {@link IssuerProfiles} and never ask which vendor it is. Code a vendor really needs lives in {@link #hooks}.
 *
 * @param defaults verification defaults when the issuer file sets none
 * @param claims claim (dotted path for nested claims) to attribute, copied when present and non-empty
 * @param hookAttributes attributes the {@linkplain ProfileHooks#claims claim hook} adds (GitHub's parsed {@code sub})
 * @param prefixes claims passed through under their own name by prefix ({@code repo_property_})
 * @param passedThrough claims the issuer sends that reach the view under their own name but are not in {@code claims}
 * @param values closed value sets, by attribute or passed-through claim; absent means open
 * @param open whether any claim may appear (the generic OIDC profile): nothing is unknown to it
 * @param sometimesAbsent attributes emitted only for some tokens, with when they are there (for templates and lints)
 * @param numericIds attributes that are numeric IDs: a non-digit value never occurs
 * @param valueShapes further shapes a value must have to occur ({@code ref} is {@code refs/...} on GitHub)
 * @param immutableIds for a name attribute, the immutable-ID attributes that bind the same thing
 * @param ownerPaths attributes that are owner-prefixed paths ({@code owner/name}), where {@code owner/*} is owner-wide
 * @param tenancy the shared multi-tenant issuer and the claims that name a tenant on it
 * @param triggers the attribute naming what started a run, and which of its values are privileged
 * @param absentHints explain's hint when a token lacks an attribute the profile can emit
 * @param sharedAudiences audiences the vendor's tokens carry for other relying parties (its default audience), which a
 *     broker must not accept: a token minted for them could be replayed here
 * @param hooks the code the tables above cannot say
 */
public record ProfileSpec(
        Defaults defaults,
        Map<String, String> claims,
        Set<String> hookAttributes,
        List<ClaimPrefix> prefixes,
        Set<String> passedThrough,
        Map<String, List<String>> values,
        boolean open,
        Map<String, String> sometimesAbsent,
        Set<String> numericIds,
        List<ValueShape> valueShapes,
        Map<String, List<String>> immutableIds,
        Set<String> ownerPaths,
        Tenancy tenancy,
        Triggers triggers,
        Map<String, String> absentHints,
        List<Pattern> sharedAudiences,
        ProfileHooks hooks) {

    public ProfileSpec {
        claims = unmodifiable(claims);
        hookAttributes = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(hookAttributes));
        prefixes = List.copyOf(prefixes);
        passedThrough = Set.copyOf(passedThrough);
        values = unmodifiable(values);
        sometimesAbsent = Map.copyOf(sometimesAbsent);
        numericIds = Set.copyOf(numericIds);
        valueShapes = List.copyOf(valueShapes);
        immutableIds = unmodifiable(immutableIds);
        ownerPaths = Set.copyOf(ownerPaths);
        absentHints = Map.copyOf(absentHints);
        sharedAudiences = List.copyOf(sharedAudiences);
        Set<String> emitted = new LinkedHashSet<>(claims.values());
        emitted.addAll(hookAttributes);
        for (String name : values.keySet()) {
            if (!emitted.contains(name) && !passedThrough.contains(name)) {
                throw new IllegalArgumentException("value set for '" + name + "', which the profile never emits");
            }
        }
    }

    /** Verification defaults. */
    public record Defaults(List<String> algorithms, Duration maxTokenAge, Duration maxLifetime) {
        public Defaults {
            algorithms = List.copyOf(algorithms);
        }
    }

    /**
     * Claims passed through under their own name when their name starts with {@code prefix}.
     *
     * @param sometimesAbsent when such claims are there, if only for some tokens
     */
    public record ClaimPrefix(String prefix, Optional<String> sometimesAbsent) {}

    /**
     * A shape every value of {@code attribute} has; a literal without it never occurs.
     *
     * @param why the reason shown, with {@code {value}} replaced by the refused value
     */
    public record ValueShape(String attribute, Pattern shape, String why) {
        public boolean occurs(String value) {
            return shape.matcher(value).matches();
        }

        public String why(String value) {
            return why.replace("{value}", value);
        }
    }

    /** Every attribute the profile emits (its claims' attributes, then the hook's), each with its closed values or empty. */
    public Map<String, List<String>> vocabulary() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        claims.values().forEach(a -> v.put(a, values.getOrDefault(a, List.of())));
        hookAttributes.forEach(a -> v.put(a, values.getOrDefault(a, List.of())));
        return unmodifiable(v);
    }

    private static <K, V> Map<K, V> unmodifiable(Map<K, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    public static Builder builder(Defaults defaults) {
        return new Builder(defaults);
    }

    /** Named steps for the one place each profile builds its spec; everything not set is empty. */
    public static final class Builder {
        private final Defaults defaults;
        private final Map<String, String> claims = new LinkedHashMap<>();
        private final Set<String> hookAttributes = new LinkedHashSet<>();
        private final List<ClaimPrefix> prefixes = new ArrayList<>();
        private final Set<String> passedThrough = new LinkedHashSet<>();
        private final Map<String, List<String>> values = new LinkedHashMap<>();
        private boolean open;
        private final Map<String, String> sometimesAbsent = new LinkedHashMap<>();
        private final Set<String> numericIds = new LinkedHashSet<>();
        private final List<ValueShape> valueShapes = new ArrayList<>();
        private final Map<String, List<String>> immutableIds = new LinkedHashMap<>();
        private final Set<String> ownerPaths = new LinkedHashSet<>();
        private Tenancy tenancy = Tenancy.NONE;
        private Triggers triggers = Triggers.NONE;
        private final Map<String, String> absentHints = new LinkedHashMap<>();
        private final List<Pattern> sharedAudiences = new ArrayList<>();
        private ProfileHooks hooks = ProfileHooks.NONE;

        private Builder(Defaults defaults) {
            this.defaults = defaults;
        }

        /** Claims that become attributes of the same name. */
        public Builder sameName(String... names) {
            for (String n : names) {
                claims.put(n, n);
            }
            return this;
        }

        public Builder claim(String claim, String attribute) {
            claims.put(claim, attribute);
            return this;
        }

        public Builder hookAttributes(String... names) {
            hookAttributes.addAll(List.of(names));
            return this;
        }

        public Builder prefix(String prefix, Optional<String> sometimesAbsent) {
            prefixes.add(new ClaimPrefix(prefix, sometimesAbsent));
            return this;
        }

        public Builder passedThrough(String... names) {
            passedThrough.addAll(List.of(names));
            return this;
        }

        public Builder values(String attribute, String... closed) {
            values.put(attribute, List.of(closed));
            return this;
        }

        public Builder open() {
            open = true;
            return this;
        }

        public Builder sometimesAbsent(String attribute, String when) {
            sometimesAbsent.put(attribute, when);
            return this;
        }

        public Builder numericIds(String... names) {
            numericIds.addAll(List.of(names));
            return this;
        }

        public Builder valueShape(String attribute, String regex, String why) {
            valueShapes.add(new ValueShape(attribute, Pattern.compile(regex), why));
            return this;
        }

        public Builder immutableIds(String name, String... ids) {
            immutableIds.put(name, List.of(ids));
            return this;
        }

        public Builder ownerPaths(String... names) {
            ownerPaths.addAll(List.of(names));
            return this;
        }

        public Builder tenancy(Tenancy value) {
            tenancy = value;
            return this;
        }

        public Builder triggers(Triggers value) {
            triggers = value;
            return this;
        }

        public Builder absentHint(String attribute, String hint) {
            absentHints.put(attribute, hint);
            return this;
        }

        /** A shared audience, as a {@link Pattern} the whole audience must match. */
        public Builder sharedAudience(String regex) {
            sharedAudiences.add(Pattern.compile(regex));
            return this;
        }

        public Builder hooks(ProfileHooks value) {
            hooks = value;
            return this;
        }

        public ProfileSpec build() {
            return new ProfileSpec(defaults, claims, hookAttributes, prefixes, passedThrough, values, open, sometimesAbsent,
                    numericIds, valueShapes, immutableIds, ownerPaths, tenancy, triggers, absentHints, sharedAudiences, hooks);
        }
    }
}
