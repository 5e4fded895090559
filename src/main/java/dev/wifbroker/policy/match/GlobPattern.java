package dev.wifbroker.policy.match;

import com.google.re2j.Pattern;

/**
 * A compiled glob. Globs with at most one wildcard (the common {@code refs/tags/v*}, {@code acme/*},
 * {@code *-prod}) are matched with plain string operations; others fall back to the equivalent anchored
 * RE2J pattern, which is linear-time but several times slower on the decision path.
 */
public final class GlobPattern {
    private final String glob;
    private final String prefix;
    private final String suffix;
    /** Wildcard of the fast path: {@code *}, {@code **} or {@code ?}; null when there is none. */
    private final String wildcard;
    private final Pattern fallback;

    private GlobPattern(String glob, String prefix, String suffix, String wildcard, Pattern fallback) {
        this.glob = glob;
        this.prefix = prefix;
        this.suffix = suffix;
        this.wildcard = wildcard;
        this.fallback = fallback;
    }

    static GlobPattern compile(String glob) {
        int first = firstWildcard(glob);
        // RE2J reads code points; a fast path split inside a surrogate pair would not mean what the regex means,
        // so such globs take the regex, with the same bounds as any other.
        boolean surrogates = glob.chars().anyMatch(c -> Character.isSurrogate((char) c));
        if (!surrogates && first < 0) {
            return new GlobPattern(glob, glob, "", null, null);
        }
        if (!surrogates) {
            String wildcard = glob.charAt(first) == '?' ? "?" : glob.startsWith("**", first) ? "**" : "*";
            String rest = glob.substring(first + wildcard.length());
            if (firstWildcard(rest) < 0) {
                return new GlobPattern(glob, glob.substring(0, first), rest, wildcard, null);
            }
        }
        try {
            return new GlobPattern(glob, null, null, null, BoundedRegex.compileGenerated(Globs.toRegex(glob)));
        } catch (BoundedRegex.TooLarge e) {
            throw new IllegalArgumentException("glob '" + glob + "' " + e.getMessage().replaceFirst("^regex ", ""), e);
        }
    }

    private static int firstWildcard(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?') {
                return i;
            }
        }
        return -1;
    }

    /** Instructions of the regex a multi-wildcard glob compiles to; 1 for the string-operation fast path. */
    public long programSize() {
        return fallback == null ? 1 : fallback.programSize();
    }

    public boolean matches(String value) {
        if (fallback != null) {
            return fallback.matches(value);
        }
        if (wildcard == null) {
            return prefix.equals(value);
        }
        int middle = value.length() - prefix.length() - suffix.length();
        if (middle < 0 || !value.startsWith(prefix) || !value.endsWith(suffix)) {
            return false;
        }
        return switch (wildcard) {
            case "**" -> true;
            // One character, as RE2J counts them: a code point, so a pair of surrogates is one.
            case "?" -> middle > 0 && middle <= 2 && value.codePointCount(prefix.length(), prefix.length() + middle) == 1
                    && value.charAt(prefix.length()) != '/';
            default -> value.indexOf('/', prefix.length()) < 0 || value.indexOf('/', prefix.length()) >= prefix.length() + middle;
        };
    }

    @Override
    public String toString() {
        return glob;
    }
}
