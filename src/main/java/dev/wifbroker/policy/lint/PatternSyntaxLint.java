package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code pattern-syntax} (error): patterns that do not mean what they look like. A regex beginning or
 * ending in {@code .*} is unanchored in effect; glob syntax inside a regex ({@code acme/*},
 * {@code deploy.yml}) matches far more than intended; a {@code *} in an exact value is literal;
 * surrounding whitespace and {@code ${...}} placeholders never match real claims.
 */
final class PatternSyntaxLint implements Lint {
    private static final Pattern UNESCAPED_DOT = Pattern.compile("(?<![\\\\\\[])[A-Za-z0-9]\\.[A-Za-z0-9]");
    /** {@code *} right after a literal character ({@code acme/*}, {@code v*}, {@code deploy-*}), or {@code **}: glob habits. */
    private static final Pattern GLOB_STAR = Pattern.compile("(^|(?<!\\\\)[A-Za-z0-9_/:@-])\\*|\\*\\*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

    @Override
    public String id() {
        return "pattern-syntax";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (Rule rule : Lint.denyThenTrust(role)) {
            for (Condition c : rule.conditions()) {
                check(c, unwrap(c.matcher()), findings);
            }
        }
    }

    private static Matcher unwrap(Matcher m) {
        return m instanceof Matcher.Not not ? not.inner() : m;
    }

    private void check(Condition c, Matcher m, Findings findings) {
        for (String text : texts(m)) {
            if (!text.equals(text.strip())) {
                findings.error(id(), c.pos(), "'" + c.claim() + "': '" + text + "' has leading or trailing whitespace,"
                        + " which no claim value has. Fix: remove it");
            }
            if (PLACEHOLDER.matcher(text).find()) {
                findings.error(id(), c.pos(), "'" + c.claim() + "': '" + text + "' contains ${...}, which is not expanded"
                        + " in trust rules. Fix: write the literal value");
            }
        }
        if (m instanceof Matcher.Exact || m instanceof Matcher.OneOf) {
            for (String text : texts(m)) {
                if (text.contains("*")) {
                    findings.error(id(), c.pos(), "'" + c.claim() + "': '" + text + "' is an exact match, so '*' only matches"
                            + " a literal asterisk. Fix: write {glob: \"" + text + "\"}");
                }
            }
        }
        if (m instanceof Matcher.Regex r) {
            regex(c, r.pattern(), findings);
        }
    }

    private void regex(Condition c, String pattern, Findings findings) {
        String body = pattern.replaceFirst("^\\^", "").replaceFirst("(?<!\\\\)\\$$", "");
        boolean bare = body.equals(".*") || body.equals(".+");
        boolean leading = body.startsWith(".*") || body.startsWith(".+");
        // A trailing .* after a separator ("refs/heads/.*") is a deliberate prefix; after a name ("acme/app.*") it
        // also admits acme/app-evil, the unanchored-match mistake.
        boolean trailing = (body.endsWith(".*") || body.endsWith(".+")) && body.length() > 2
                && "/:@".indexOf(body.charAt(body.length() - 3)) < 0;
        if (!bare && (leading || trailing)) {
            findings.error(id(), c.pos(), "'" + c.claim() + "': regex '" + pattern + "' " + (leading ? "starts" : "ends")
                    + " with .*, so it also matches values that merely " + (leading ? "end" : "start") + " with the rest"
                    + " (unanchored in effect). Fix: spell out the full value; regexes are already anchored at both ends");
        }
        boolean caret = pattern.startsWith("^");
        boolean dollar = pattern.endsWith("$") && !pattern.endsWith("\\$");
        if (caret != dollar) {
            findings.error(id(), c.pos(), "'" + c.claim() + "': regex '" + pattern + "' is anchored at one end only, as if"
                    + " matching were by substring; every regex must match the whole value, so "
                    + (caret ? "'" + pattern + "' only matches values with nothing after it" : "it only matches values with nothing before it")
                    + ". Fix: drop the anchor, and write the full value (" + (caret ? "append .* after a separator" : "prefix the full value")
                    + " if a " + (caret ? "prefix" : "suffix") + " is really meant)");
        }
        if (GLOB_STAR.matcher(body).find()) {
            findings.error(id(), c.pos(), "'" + c.claim() + "': regex '" + pattern + "' uses glob syntax ('*' after '/'"
                    + " or '**' repeats the previous character, it is not a wildcard). Fix: use {glob: ...} instead");
        }
        if (UNESCAPED_DOT.matcher(body).find()) {
            findings.error(id(), c.pos(), "'" + c.claim() + "': regex '" + pattern + "' has an unescaped '.', which"
                    + " matches any character. Fix: write \\\\. or use {glob: ...}");
        }
    }

    private static List<String> texts(Matcher m) {
        if (m instanceof Matcher.Exact e) {
            return List.of(e.value());
        }
        if (m instanceof Matcher.OneOf o) {
            return o.values();
        }
        if (m instanceof Matcher.Glob g) {
            return List.of(g.pattern());
        }
        if (m instanceof Matcher.Regex r) {
            return List.of(r.pattern());
        }
        if (m instanceof Matcher.Not n) {
            return texts(n.inner());
        }
        return List.of();
    }
}
