package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.ProfileKind;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The attribute names a profile can put in an identity view: its vocabulary, the registered JWT claims,
 * and the raw claim paths it passes through. The generic OIDC profile is open (any claim may appear).
 */
public final class Vocabulary {
    static final Set<String> REGISTERED = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "azp");
    private static final Map<ProfileKind, List<String>> RAW_PREFIXES = Map.of(
            ProfileKind.GITHUB_ACTIONS, List.of("repo_property_"),
            ProfileKind.KUBERNETES, List.of("kubernetes.io."));

    /**
     * Claims the issuer sends that its profile passes through unnormalized (they reach the identity view under
     * their own name) but does not list; kept here so the linter does not call them unknown.
     */
    private static final Map<ProfileKind, Map<String, List<String>>> PASSED_THROUGH = Map.of(
            ProfileKind.GITHUB_ACTIONS, Map.of("ref_protected", List.of("true", "false"), "environment_node_id", List.of()),
            ProfileKind.GITLAB, Map.of("user_identities", List.of()));

    private final IssuerProfile profile;

    public Vocabulary(IssuerProfile profile) {
        this.profile = profile;
    }

    public boolean open() {
        return profile.kind() == ProfileKind.OIDC;
    }

    /** True when tokens of this profile can carry the attribute. */
    public boolean knows(String name) {
        return open() || REGISTERED.contains(name) || profile.vocabulary().containsKey(name)
                || PASSED_THROUGH.getOrDefault(profile.kind(), Map.of()).containsKey(name)
                || RAW_PREFIXES.getOrDefault(profile.kind(), List.of()).stream().anyMatch(name::startsWith);
    }

    /** The closed value set of an attribute, or empty when its values are open. */
    public List<String> values(String name) {
        List<String> own = profile.vocabulary().get(name);
        return own != null ? own : PASSED_THROUGH.getOrDefault(profile.kind(), Map.of()).getOrDefault(name, List.of());
    }

    /** The nearest known name (case-insensitive equal or edit distance at most 2), for "did you mean". */
    public Optional<String> suggest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Optional<String> extension = profile.vocabulary().keySet().stream()
                .filter(k -> k.startsWith(lower) && k.length() > lower.length()).min(Comparator.comparingInt(String::length));
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
