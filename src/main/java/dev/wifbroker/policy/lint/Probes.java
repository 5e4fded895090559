package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.match.Matcher;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared facts for lints: owner-prefixed path attributes, immutable IDs, which values mean a privileged trigger,
 * and synthetic values that no real policy should accept. Lints ask matchers about these probe values
 * instead of parsing patterns, so every matcher kind is judged by what it actually accepts.
 */
final class Probes {
    /** A value no operator wrote on purpose: a pattern accepting it accepts essentially anything. */
    static final String RANDOM = "zq7-wif-lint-probe-x91";

    /** Name attributes that are owner-prefixed paths ({@code owner/name}), where {@code owner/*} is owner-wide. */
    static final Set<String> OWNER_PATHS = Set.of("repository", "sub_repository", "project_path", "job_project_path",
            "job_workflow_ref", "workflow_ref", "sub", "ci_config_ref_uri");

    /** Immutable ids for each name binding; a policy binding only names is exposed to name recycling. */
    static final Map<String, List<String>> IMMUTABLE_FOR_NAME = Map.of(
            "repository", List.of("repository_id", "sub_repository_id"),
            "sub_repository", List.of("repository_id", "sub_repository_id"),
            "repository_owner", List.of("repository_owner_id", "sub_repository_owner_id"),
            "project_path", List.of("project_id"),
            "namespace_path", List.of("namespace_id"));

    /**
     * A trigger value that runs code from an untrusted fork or PR with the base repository's identity.
     *
     * @param guards claims whose binding in the same rule settles the question elsewhere (another probe judges
     *     them, or a protected environment gates the job), so the value alone is not flagged
     * @param alsoCaughtBy other attribute values that every such run carries, so a deny rule on one of them
     *     excludes the trigger too (a pull_request run has ref refs/pull/N/merge and sub context pull_request)
     */
    record Privileged(ProfileKind profile, String attribute, String value, String why, Set<String> guards,
            Map<String, String> alsoCaughtBy) {

        Privileged(ProfileKind profile, String attribute, String value, String why) {
            this(profile, attribute, value, why, Set.of(), Map.of());
        }
    }

    static final List<Privileged> PRIVILEGED = List.of(
            new Privileged(ProfileKind.GITHUB_ACTIONS, "event_name", "pull_request_target",
                    "pull_request_target runs with the base repository's identity on behalf of fork PRs"),
            new Privileged(ProfileKind.GITHUB_ACTIONS, "event_name", "workflow_run",
                    "workflow_run runs with the base repository's identity after untrusted workflows"),
            new Privileged(ProfileKind.GITHUB_ACTIONS, "event_name", "pull_request",
                    "pull_request runs the code proposed in the pull request, before review, and nothing else in the"
                            + " rule (ref, environment, sub) excludes it",
                    Set.of("ref", "environment", "sub", "sub_context"),
                    Map.of("ref", "refs/pull/1/merge", "sub_context", "pull_request")),
            new Privileged(ProfileKind.GITHUB_ACTIONS, "ref", "refs/pull/1/merge",
                    "refs/pull/* is code proposed in a pull request, not reviewed code"),
            new Privileged(ProfileKind.GITHUB_ACTIONS, "sub_context", "pull_request",
                    "a pull_request subject is code proposed in a pull request"),
            new Privileged(ProfileKind.GITLAB, "pipeline_source", "merge_request_event",
                    "merge-request pipelines run code proposed in a merge request, possibly from a fork"),
            new Privileged(ProfileKind.GITLAB, "pipeline_source", "external_pull_request_event",
                    "external pull-request pipelines run code proposed in a pull request on the external repository"),
            new Privileged(ProfileKind.GITLAB, "ref_path", "refs/merge-requests/1/head",
                    "refs/merge-requests/* is code proposed in a merge request"));

    /** The attribute naming the trigger, and the bindings that gate a rule against implicit privileged triggers. */
    static final Map<ProfileKind, String> TRIGGER = Map.of(ProfileKind.GITHUB_ACTIONS, "event_name",
            ProfileKind.GITLAB, "pipeline_source");
    static final Map<ProfileKind, Set<String>> TRIGGER_GATES = Map.of(
            ProfileKind.GITHUB_ACTIONS, Set.of("event_name", "environment", "sub_context"),
            ProfileKind.GITLAB, Set.of("pipeline_source", "ref_protected"));

    private Probes() {}

    /** True for matchers that restrict a value (as opposed to present/absent/not, which bind nothing). */
    static boolean binds(Matcher m) {
        return m instanceof Matcher.Exact || m instanceof Matcher.OneOf || m instanceof Matcher.Glob
                || m instanceof Matcher.Regex;
    }
}
