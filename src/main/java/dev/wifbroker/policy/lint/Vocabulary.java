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

    /**
     * Claims a profile emits only for some tokens, with when they are there: a template reading one renders only
     * for those tokens. Facts from the vendors' documentation (GitHub OIDC claims, GitLab id_tokens, Kubernetes
     * bound service-account tokens); kept here, beside the other linter-only facts, not in the profiles.
     */
    private static final Map<ProfileKind, Map<String, String>> OPTIONAL = Map.of(
            ProfileKind.GITHUB_ACTIONS, Map.of(
                    "head_ref", "GitHub sets head_ref only for pull_request and pull_request_target runs",
                    "base_ref", "GitHub sets base_ref only for pull_request and pull_request_target runs",
                    "environment", "GitHub sets environment only for jobs that declare one",
                    "environment_node_id", "GitHub sets environment_node_id only for jobs that declare an environment",
                    "enterprise", "GitHub sets enterprise only for repositories owned by an enterprise",
                    "enterprise_id", "GitHub sets enterprise_id only for repositories owned by an enterprise",
                    "sub_repository_id", "sub carries repository IDs only in the immutable-ID form",
                    "sub_repository_owner_id", "sub carries owner IDs only in the immutable-ID form",
                    "sub_repository", "a customized sub may not carry repo:",
                    "sub_context", "a customized sub may not carry repo:"),
            ProfileKind.GITLAB, Map.of(
                    "environment", "GitLab sets environment only for jobs that declare one",
                    "environment_protected", "GitLab sets environment_protected only for jobs that declare an environment",
                    "environment_action", "GitLab sets environment_action only for jobs that declare an environment",
                    "deployment_tier", "GitLab sets deployment_tier only for jobs that declare an environment",
                    "groups_direct", "GitLab sets groups_direct only when the user is a direct member of at most 200 groups",
                    "user_identities", "GitLab sets user_identities only when the job's id_tokens ask for it"),
            ProfileKind.KUBERNETES, Map.of(
                    "pod", "a service-account token names a pod only when it is bound to one: projected volume tokens are,"
                            + " TokenRequest tokens without a bound object are not",
                    "pod_uid", "a service-account token names a pod only when it is bound to one",
                    "node", "a service-account token names a node only on clusters that bind tokens to nodes",
                    "node_uid", "a service-account token names a node only on clusters that bind tokens to nodes",
                    "secret", "a service-account token names a secret only when it is bound to one"));

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

    /** Why tokens of this profile may lack the attribute, when the profile is known to emit it only sometimes. */
    public Optional<String> mayBeAbsent(String name) {
        if (profile.kind() == ProfileKind.GITHUB_ACTIONS && name.startsWith("repo_property_")) {
            return Optional.of("GitHub sets repo_property_* only for repositories with that custom property");
        }
        return Optional.ofNullable(OPTIONAL.getOrDefault(profile.kind(), Map.of()).get(name));
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
