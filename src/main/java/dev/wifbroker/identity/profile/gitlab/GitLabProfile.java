package dev.wifbroker.identity.profile.gitlab;

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
 * GitLab CI {@code id_tokens} from gitlab.com and self-managed instances. GitLab sends IDs and
 * booleans as strings ({@code "ref_protected": "true"}) and {@code ref} as a bare branch name.
 */
public final class GitLabProfile implements IssuerProfile {
    static final String PUBLIC_HOST = "gitlab.com";

    private static final List<String> CLAIMS = List.of(
            "project_path", "project_id", "namespace_path", "namespace_id", "ref", "ref_type", "ref_path",
            "ref_protected", "environment", "environment_protected", "environment_action", "deployment_tier",
            "pipeline_source", "pipeline_id", "job_id", "user_id", "user_login", "user_email", "user_access_level",
            "runner_id", "runner_environment", "sha", "ci_config_ref_uri", "ci_config_sha", "project_visibility",
            "job_project_id", "job_project_path", "job_namespace_id", "job_namespace_path", "job_source",
            "groups_direct");

    private static final Map<String, List<String>> VOCABULARY = vocabulary0();

    @Override
    public ProfileKind kind() {
        return ProfileKind.GITLAB;
    }

    @Override
    public List<String> defaultAlgorithms() {
        return List.of("RS256");
    }

    @Override
    public Duration defaultMaxTokenAge() {
        return Duration.ofHours(2);
    }

    @Override
    public Duration defaultMaxLifetime() {
        return Duration.ofHours(24);
    }

    @Override
    public void checkIssuerUrl(URI url, Consumer<String> error) {
        if (url.getPath() != null && url.getPath().endsWith("/")) {
            error.accept("a GitLab issuer is the instance URL without a trailing slash");
        }
    }

    @Override
    public boolean multiTenant(URI url) {
        return PUBLIC_HOST.equals(url.getHost());
    }

    @Override
    public Map<String, Object> normalize(Map<String, Object> flat) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String claim : CLAIMS) {
            ClaimValues.copy(flat, claim, out, claim);
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
        v.put("ref_protected", List.of("true", "false"));
        v.put("environment_protected", List.of("true", "false"));
        v.put("runner_environment", List.of("gitlab-hosted", "self-hosted"));
        v.put("project_visibility", List.of("public", "internal", "private"));
        v.put("deployment_tier", List.of("production", "staging", "testing", "development", "other"));
        v.put("pipeline_source", List.of("api", "chat", "external", "external_pull_request_event",
                "merge_request_event", "ondemand_dast_scan", "ondemand_dast_validation", "parent_pipeline",
                "pipeline", "push", "schedule", "security_orchestration_policy", "trigger", "web", "webide"));
        return Map.copyOf(v);
    }
}
