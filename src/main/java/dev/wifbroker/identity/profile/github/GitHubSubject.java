package dev.wifbroker.identity.profile.github;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed default {@code sub} of a GitHub Actions token, in both shapes: the legacy name form
 * {@code repo:OWNER/REPO:<context>} and the immutable-ID form (2026)
 * {@code repo:OWNER@OWNER_ID/REPO@REPO_ID:<context>}. Values are %3A-decoded. Custom subject
 * templates (keys other than {@code repo}) are left unparsed: the individual claims are authoritative.
 */
public record GitHubSubject(String form, String repository, String ownerId, String repositoryId, String context) {
    public static final String FORM = "sub_form";
    public static final String FORM_IMMUTABLE = "immutable";
    public static final String FORM_NAME = "name";
    static final List<String> ATTRIBUTES = List.of("sub_repository", "sub_repository_owner_id", "sub_repository_id", "sub_context");

    private static final Pattern IMMUTABLE = Pattern.compile("repo:([^@/:]+)@(\\d+)/([^@/:]+)@(\\d+):(.+)");
    private static final Pattern NAME = Pattern.compile("repo:([^@/:]+)/([^@/:]+):(.+)");

    public static Optional<GitHubSubject> parse(String sub) {
        Matcher m = IMMUTABLE.matcher(sub);
        if (m.matches()) {
            return Optional.of(new GitHubSubject(FORM_IMMUTABLE, decode(m.group(1)) + "/" + decode(m.group(3)),
                    m.group(2), m.group(4), decode(m.group(5))));
        }
        m = NAME.matcher(sub);
        if (m.matches()) {
            return Optional.of(new GitHubSubject(FORM_NAME, decode(m.group(1)) + "/" + decode(m.group(2)),
                    null, null, decode(m.group(3))));
        }
        return Optional.empty();
    }

    void putInto(Map<String, Object> attributes) {
        attributes.put(FORM, form);
        attributes.put("sub_repository", repository);
        if (ownerId != null) {
            attributes.put("sub_repository_owner_id", ownerId);
            attributes.put("sub_repository_id", repositoryId);
        }
        attributes.put("sub_context", context);
    }

    private static String decode(String value) {
        return value.replace("%3A", ":").replace("%3a", ":");
    }
}
