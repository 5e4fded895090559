package dev.wifbroker.identity.profile.github;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Explain's near-miss hints for a failed {@code sub} or {@code sub_context} condition: the token's subject has
 * another shape than the rule expects (environment vs ref context, pull_request, immutable-ID vs name form).
 */
final class GitHubSubjectHints {
    private static final Pattern IMMUTABLE_SUB = Pattern.compile("repo:[^/:]+@\\d+/");

    private GitHubSubjectHints() {}

    static List<String> of(String claim, String expected, Map<String, Object> attributes) {
        if (!claim.equals("sub") && !claim.equals("sub_context")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        String context = attributes.get("sub_context") instanceof String s ? s : "";
        String form = attributes.get(GitHubSubject.FORM) instanceof String s ? s : "";
        if (expected.contains("ref:") && context.startsWith("environment:")) {
            out.add("sub is in environment form (" + context + ") because the job declared `environment: "
                    + context.substring("environment:".length()) + "`; its ref is no longer in sub. Bind the structured"
                    + " claims ref and environment instead of sub");
        } else if (expected.contains("environment:") && context.startsWith("ref:")) {
            out.add("sub is in ref form (" + context + ") because the job declared no environment. Bind environment as a"
                    + " claim, or add `environment:` to the job");
        } else if (expected.contains("pull_request") != context.equals("pull_request") && !context.isEmpty()) {
            out.add("sub context is '" + context + "'; pull_request runs have the context 'pull_request' instead of a ref."
                    + " Bind event_name and ref instead of sub");
        }
        if (claim.equals("sub")) {
            boolean expectsImmutable = IMMUTABLE_SUB.matcher(expected).find();
            if (form.equals(GitHubSubject.FORM_IMMUTABLE) && !expectsImmutable && expected.contains("repo:")) {
                out.add("sub is in the immutable-ID form (repo:OWNER@OWNER_ID/REPO@REPO_ID:...), GitHub's default since"
                        + " 2026-07-15, but the rule expects the name form. Bind repository_id and repository_owner_id"
                        + " instead of sub");
            } else if (form.equals(GitHubSubject.FORM_NAME) && expectsImmutable) {
                out.add("sub is in the legacy name form (repo:OWNER/REPO:...) but the rule expects the immutable-ID form."
                        + " Bind repository_id and repository_owner_id instead of sub");
            }
        }
        return out;
    }
}
