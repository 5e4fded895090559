package dev.wifbroker.identity.profile.github;

import dev.wifbroker.identity.profile.ClaimValues;
import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.ProfileKind;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * GitHub Actions OIDC tokens from github.com, GHEC per-enterprise issuers, GHE.com and GHES. GitHub
 * already names its claims well, so normalization copies them and adds the parsed {@code sub}.
 */
public final class GitHubActionsProfile implements IssuerProfile {
    static final String PUBLIC_HOST = "token.actions.githubusercontent.com";

    private static final List<String> CLAIMS = List.of(
            "repository", "repository_id", "repository_owner", "repository_owner_id", "repository_visibility",
            "ref", "ref_type", "sha", "environment", "event_name", "workflow", "workflow_ref", "workflow_sha",
            "job_workflow_ref", "job_workflow_sha", "runner_environment", "run_id", "run_number", "run_attempt",
            "actor", "actor_id", "head_ref", "base_ref", "enterprise", "enterprise_id", "check_run_id");

    private static final Map<String, List<String>> VOCABULARY = vocabulary0();

    @Override
    public ProfileKind kind() {
        return ProfileKind.GITHUB_ACTIONS;
    }

    @Override
    public List<String> defaultAlgorithms() {
        return List.of("RS256");
    }

    @Override
    public Duration defaultMaxTokenAge() {
        return Duration.ofMinutes(15);
    }

    @Override
    public Duration defaultMaxLifetime() {
        return Duration.ofHours(1);
    }

    @Override
    public void checkIssuerUrl(URI url, Consumer<String> error) {
        String host = url.getHost() == null ? "" : url.getHost();
        String path = url.getPath() == null ? "" : url.getPath();
        boolean dotCom = host.equals(PUBLIC_HOST) && (path.isEmpty() || path.matches("/[A-Za-z0-9._-]+"));
        boolean gheCom = host.matches("token\\.actions\\.[a-z0-9-]+\\.ghe\\.com") && (path.isEmpty() || path.matches("/[A-Za-z0-9._-]+"));
        boolean ghes = path.equals("/_services/token");
        if (!dotCom && !gheCom && !ghes) {
            error.accept("not a GitHub Actions issuer: expected https://" + PUBLIC_HOST
                    + " (GHEC: .../<enterprise-slug>) or https://HOST/_services/token (GHES)");
        }
    }

    @Override
    public boolean multiTenant(URI url) {
        return PUBLIC_HOST.equals(url.getHost()) && (url.getPath() == null || url.getPath().isEmpty());
    }

    @Override
    public Map<String, Object> normalize(Map<String, Object> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String claim : CLAIMS) {
            ClaimValues.copy(flat, claim, out, claim);
        }
        flat.forEach((name, value) -> {
            if (name.startsWith("repo_property_")) {
                ClaimValues.copy(flat, name, out, name);
            }
        });
        if (flat.get("sub") instanceof String sub) {
            GitHubSubject.parse(sub).ifPresent(parsed -> parsed.putInto(out));
        }
        return out;
    }

    @Override
    public Map<String, List<String>> vocabulary() {
        return VOCABULARY;
    }

    private static Map<String, List<String>> vocabulary0() {
        Map<String, List<String>> v = new LinkedHashMap<>();
        for (String claim : CLAIMS) {
            v.put(claim, List.of());
        }
        v.put("ref_type", List.of("branch", "tag"));
        v.put("repository_visibility", List.of("public", "private", "internal"));
        v.put("runner_environment", List.of("github-hosted", "self-hosted"));
        for (String s : GitHubSubject.ATTRIBUTES) {
            v.put(s, List.of());
        }
        v.put(GitHubSubject.FORM, List.of(GitHubSubject.FORM_IMMUTABLE, GitHubSubject.FORM_NAME));
        return Map.copyOf(v);
    }
}
