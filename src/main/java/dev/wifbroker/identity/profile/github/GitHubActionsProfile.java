package dev.wifbroker.identity.profile.github;

import dev.wifbroker.identity.profile.ProfileHooks;
import dev.wifbroker.identity.profile.ProfileSpec;
import dev.wifbroker.identity.profile.Tenancy;
import dev.wifbroker.identity.profile.Tenancy.TenantClaim;
import dev.wifbroker.identity.profile.Triggers;
import dev.wifbroker.identity.profile.Triggers.Privileged;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * GitHub Actions OIDC tokens from github.com, GHEC per-enterprise issuers, GHE.com and GHES. GitHub
 * already names its claims well, so normalization copies them and adds the parsed {@code sub}
 * ({@link GitHubSubject}). Facts from GitHub's OIDC documentation.
 */
public final class GitHubActionsProfile {
    static final String PUBLIC_HOST = "token.actions.githubusercontent.com";

    public static final ProfileSpec SPEC = ProfileSpec.builder(
                    new ProfileSpec.Defaults(List.of("RS256"), Duration.ofMinutes(15), Duration.ofHours(1)))
            .sameName("repository", "repository_id", "repository_owner", "repository_owner_id", "repository_visibility",
                    "ref", "ref_type", "sha", "environment", "event_name", "workflow", "workflow_ref", "workflow_sha",
                    "job_workflow_ref", "job_workflow_sha", "runner_environment", "run_id", "run_number", "run_attempt",
                    "actor", "actor_id", "head_ref", "base_ref", "enterprise", "enterprise_id", "check_run_id")
            .hookAttributes(GitHubSubject.ATTRIBUTES.toArray(String[]::new))
            .hookAttributes(GitHubSubject.FORM)
            .prefix("repo_property_", Optional.of("GitHub sets repo_property_* only for repositories with that custom property"))
            .passedThrough("ref_protected", "environment_node_id")
            .values("ref_type", "branch", "tag")
            .values("repository_visibility", "public", "private", "internal")
            .values("runner_environment", "github-hosted", "self-hosted")
            .values(GitHubSubject.FORM, GitHubSubject.FORM_IMMUTABLE, GitHubSubject.FORM_NAME)
            .values("ref_protected", "true", "false")
            .sometimesAbsent("head_ref", "GitHub sets head_ref only for pull_request and pull_request_target runs")
            .sometimesAbsent("base_ref", "GitHub sets base_ref only for pull_request and pull_request_target runs")
            .sometimesAbsent("environment", "GitHub sets environment only for jobs that declare one")
            .sometimesAbsent("environment_node_id", "GitHub sets environment_node_id only for jobs that declare an environment")
            .sometimesAbsent("enterprise", "GitHub sets enterprise only for repositories owned by an enterprise")
            .sometimesAbsent("enterprise_id", "GitHub sets enterprise_id only for repositories owned by an enterprise")
            .sometimesAbsent("sub_repository_id", "sub carries repository IDs only in the immutable-ID form")
            .sometimesAbsent("sub_repository_owner_id", "sub carries owner IDs only in the immutable-ID form")
            .sometimesAbsent("sub_repository", "a customized sub may not carry repo:")
            .sometimesAbsent("sub_context", "a customized sub may not carry repo:")
            .numericIds("repository_id", "repository_owner_id", "sub_repository_id", "sub_repository_owner_id", "run_id",
                    "actor_id", "enterprise_id")
            .valueShape("ref", "(?s)refs/.*", "GitHub's ref is a full ref such as refs/heads/{value} or refs/tags/{value}")
            .valueShape("repository", "[^/]*/[^/]*", "GitHub's repository is owner/name")
            .immutableIds("repository", "repository_id", "sub_repository_id")
            .immutableIds("sub_repository", "repository_id", "sub_repository_id")
            .immutableIds("repository_owner", "repository_owner_id", "sub_repository_owner_id")
            .ownerPaths("repository", "sub_repository", "job_workflow_ref", "workflow_ref", "sub")
            .tenancy(new Tenancy(Optional.of(new Tenancy.SharedIssuer(PUBLIC_HOST, false)),
                    Map.of("repository_id", TenantClaim.REPOSITORY_ID, "sub_repository_id", TenantClaim.REPOSITORY_ID,
                            "repository_owner_id", TenantClaim.OWNER_ID, "sub_repository_owner_id", TenantClaim.OWNER_ID,
                            "repository_owner", TenantClaim.OWNER_NAME,
                            "repository", TenantClaim.PATH, "sub_repository", TenantClaim.PATH,
                            "sub", TenantClaim.SUBJECT),
                    // Keys of a subject, default or customized, whose value identifies the tenant.
                    Map.of("repo", TenantClaim.PATH, "repository", TenantClaim.PATH, "repository_id", TenantClaim.REPOSITORY_ID,
                            "repository_owner", TenantClaim.OWNER_NAME, "repository_owner_id", TenantClaim.OWNER_ID),
                    "repository", "repository_id: \"<id>\" (and repository: owner/name)"))
            .triggers(new Triggers("event_name", Set.of("event_name", "environment", "sub_context"), Set.of("environment"),
                    List.of(
                            new Privileged("event_name", "pull_request_target",
                                    "pull_request_target runs with the base repository's identity on behalf of fork PRs"),
                            new Privileged("event_name", "workflow_run",
                                    "workflow_run runs with the base repository's identity after untrusted workflows"),
                            new Privileged("event_name", "pull_request",
                                    "pull_request runs the code proposed in the pull request, before review, and nothing"
                                            + " else in the rule (ref, environment, sub) excludes it",
                                    Set.of("ref", "environment", "sub", "sub_context"),
                                    Map.of("ref", "refs/pull/1/merge", "sub_context", "pull_request")),
                            new Privileged("ref", "refs/pull/1/merge",
                                    "refs/pull/* is code proposed in a pull request, not reviewed code"),
                            new Privileged("sub_context", "pull_request",
                                    "a pull_request subject is code proposed in a pull request")),
                    "add event_name: {oneOf: [push, workflow_dispatch]} or a protected environment", "runs",
                    Optional.of(new Triggers.PrivilegedSubject("pull_request", "the pull_request subject context: code"
                            + " proposed in a pull request. Fix: bind ref and event_name instead of sub, or end the pattern"
                            + " with :ref:refs/heads/main"))))
            .absentHint("environment", "the token has no environment claim: the job did not declare `environment:`"
                    + " (GitHub adds the claim only for jobs that do)")
            .sharedAudience("https://github\\.com/[^/]+/?")
            .hooks(ProfileHooks.NONE
                    .withClaims((flat, out) -> {
                        if (flat.get("sub") instanceof String sub) {
                            GitHubSubject.parse(sub).ifPresent(parsed -> parsed.putInto(out));
                        }
                    })
                    .withIssuerUrl(GitHubActionsProfile::checkIssuerUrl)
                    .withNearMisses(GitHubSubjectHints::of))
            .build();

    private GitHubActionsProfile() {}

    private static void checkIssuerUrl(URI url, Consumer<String> error) {
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
}
