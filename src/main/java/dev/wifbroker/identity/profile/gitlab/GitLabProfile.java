package dev.wifbroker.identity.profile.gitlab;

import dev.wifbroker.identity.profile.ProfileHooks;
import dev.wifbroker.identity.profile.ProfileSpec;
import dev.wifbroker.identity.profile.Tenancy;
import dev.wifbroker.identity.profile.Tenancy.TenantClaim;
import dev.wifbroker.identity.profile.Triggers;
import dev.wifbroker.identity.profile.Triggers.Privileged;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GitLab CI {@code id_tokens} from gitlab.com and self-managed instances. GitLab sends IDs and
 * booleans as strings ({@code "ref_protected": "true"}) and {@code ref} as a bare branch name.
 * Facts from GitLab's id_tokens documentation.
 */
public final class GitLabProfile {
    static final String PUBLIC_HOST = "gitlab.com";

    public static final ProfileSpec SPEC = ProfileSpec.builder(
                    new ProfileSpec.Defaults(List.of("RS256"), Duration.ofHours(2), Duration.ofHours(24)))
            .sameName("project_path", "project_id", "namespace_path", "namespace_id", "ref", "ref_type", "ref_path",
                    "ref_protected", "environment", "environment_protected", "environment_action", "deployment_tier",
                    "pipeline_source", "pipeline_id", "job_id", "user_id", "user_login", "user_email", "user_access_level",
                    "runner_id", "runner_environment", "sha", "ci_config_ref_uri", "ci_config_sha", "project_visibility",
                    "job_project_id", "job_project_path", "job_namespace_id", "job_namespace_path", "job_source",
                    "groups_direct")
            .passedThrough("user_identities")
            .values("ref_type", "branch", "tag")
            .values("ref_protected", "true", "false")
            .values("environment_protected", "true", "false")
            .values("runner_environment", "gitlab-hosted", "self-hosted")
            .values("project_visibility", "public", "internal", "private")
            .values("deployment_tier", "production", "staging", "testing", "development", "other")
            .values("pipeline_source", "api", "chat", "external", "external_pull_request_event", "merge_request_event",
                    "ondemand_dast_scan", "ondemand_dast_validation", "parent_pipeline", "pipeline", "push", "schedule",
                    "security_orchestration_policy", "trigger", "web", "webide")
            .sometimesAbsent("environment", "GitLab sets environment only for jobs that declare one")
            .sometimesAbsent("environment_protected", "GitLab sets environment_protected only for jobs that declare an environment")
            .sometimesAbsent("environment_action", "GitLab sets environment_action only for jobs that declare an environment")
            .sometimesAbsent("deployment_tier", "GitLab sets deployment_tier only for jobs that declare an environment")
            .sometimesAbsent("groups_direct", "GitLab sets groups_direct only when the user is a direct member of at most 200 groups")
            .sometimesAbsent("user_identities", "GitLab sets user_identities only when the job's id_tokens ask for it")
            .numericIds("project_id", "namespace_id", "pipeline_id", "job_id", "user_id")
            .valueShape("ref", "(?s)(?!refs/).*", "GitLab's ref is the bare branch or tag name (use ref_path for the full ref)")
            .immutableIds("project_path", "project_id")
            .immutableIds("namespace_path", "namespace_id")
            .ownerPaths("project_path", "job_project_path", "sub", "ci_config_ref_uri")
            .tenancy(new Tenancy(Optional.of(new Tenancy.SharedIssuer(PUBLIC_HOST, true)),
                    Map.of("project_id", TenantClaim.REPOSITORY_ID, "namespace_id", TenantClaim.OWNER_ID,
                            "namespace_path", TenantClaim.OWNER_NAME, "project_path", TenantClaim.PATH,
                            "sub", TenantClaim.SUBJECT),
                    Map.of("project_path", TenantClaim.PATH),
                    "project", "project_id: \"<id>\" (and project_path: group/project)"))
            .triggers(new Triggers("pipeline_source", Set.of("pipeline_source", "ref_protected"), Set.of(),
                    List.of(
                            new Privileged("pipeline_source", "merge_request_event",
                                    "merge-request pipelines run code proposed in a merge request, possibly from a fork"),
                            new Privileged("pipeline_source", "external_pull_request_event",
                                    "external pull-request pipelines run code proposed in a pull request on the external"
                                            + " repository"),
                            new Privileged("ref_path", "refs/merge-requests/1/head",
                                    "refs/merge-requests/* is code proposed in a merge request")),
                    "add ref_protected: \"true\" or pipeline_source", "pipelines", Optional.empty()))
            .sharedAudience("https://gitlab\\.com/?")
            .hooks(ProfileHooks.NONE.withIssuerUrl((url, error) -> {
                if (url.getPath() != null && url.getPath().endsWith("/")) {
                    error.accept("a GitLab issuer is the instance URL without a trailing slash");
                }
            }))
            .build();

    private GitLabProfile() {}
}
