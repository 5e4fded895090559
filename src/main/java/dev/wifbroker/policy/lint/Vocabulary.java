package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.ProfileSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the linter and explain ask of a profile's attribute names, read from its {@link ProfileSpec}: whether
 * tokens carry a name ({@link IssuerProfile#emits}), when they may lack it, its closed values, and the nearest
 * known name for "did you mean". An open profile (generic OIDC) knows any claim.
 */
public final class Vocabulary {
    private final IssuerProfile profile;
    private final ProfileSpec spec;

    public Vocabulary(IssuerProfile profile) {
        this.profile = profile;
        this.spec = profile.spec();
    }

    public boolean open() {
        return spec.open();
    }

    /** True when tokens of this profile can carry the attribute. */
    public boolean knows(String name) {
        return profile.emits(name);
    }

    /** Why tokens of this profile may lack the attribute, when the profile is known to emit it only sometimes. */
    public Optional<String> mayBeAbsent(String name) {
        Optional<String> byPrefix = spec.prefixes().stream().filter(p -> name.startsWith(p.prefix()))
                .flatMap(p -> p.sometimesAbsent().stream()).findFirst();
        return byPrefix.isPresent() ? byPrefix : Optional.ofNullable(spec.sometimesAbsent().get(name));
    }

    /** The closed value set of an attribute, or empty when its values are open. */
    public List<String> values(String name) {
        List<String> own = profile.vocabulary().get(name);
        return own != null ? own : spec.passedThrough().contains(name) ? spec.values().getOrDefault(name, List.of()) : List.of();
    }

    /** The nearest known name (case-insensitive equal or edit distance at most 2), for "did you mean". */
    public Optional<String> suggest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<String> extension = profile.vocabulary().keySet().stream()
                .filter(k -> k.startsWith(lower) && k.length() > lower.length())
                .min(Comparator.comparingInt(String::length).thenComparing(k -> k));
        if (extension.isPresent() && lower.length() >= 3) {
            return extension;
        }
        return profile.vocabulary().keySet().stream()
                .filter(k -> k.equals(lower) || distance(k, lower) <= 2)
                .min(Comparator.comparingInt((String k) -> distance(k, lower)).thenComparing(k -> k));
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
