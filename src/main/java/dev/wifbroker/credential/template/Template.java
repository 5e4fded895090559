package dev.wifbroker.credential.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.regex.Pattern;

/**
 * A value such as {@code gha-{repository}-{run_id}} whose placeholders are filled from the verified
 * identity's attributes, never from request parameters. Rendering sanitizes to the target's charset
 * and length, so a claim value can neither break the target's syntax nor be refused upstream.
 *
 * @param source the text as written
 * @param parts literal strings and {@link Placeholder}s, in order
 * @param charset what the rendered value may contain
 */
public record Template(String source, List<Object> parts, TemplateCharset charset) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}");

    /** A {@code {claim}} reference. */
    public record Placeholder(String claim) {}

    public Template {
        parts = List.copyOf(parts);
    }

    /** Parses {@code text}; throws with an operator-facing message on an unbalanced or empty placeholder. */
    public static Template parse(String text, TemplateCharset charset) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = text.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                throw new IllegalArgumentException("'}' without '{' at position " + close + " in '" + text + "'");
            }
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int end = text.indexOf('}', open);
            if (end < 0) {
                throw new IllegalArgumentException("'{' without '}' in '" + text + "'");
            }
            String name = text.substring(open + 1, end);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'{" + name + "}' is not a claim name (letters, digits, '_', '.', ':', '-')");
            }
            parts.add(new Placeholder(name));
            i = end + 1;
        }
        return new Template(text, parts, charset);
    }

    /** The claims this template reads, for lints (unknown claims) and docs. */
    public Set<String> claims() {
        Set<String> out = new LinkedHashSet<>();
        for (Object p : parts) {
            if (p instanceof Placeholder ph) {
                out.add(ph.claim());
            }
        }
        return out;
    }

    public boolean isLiteral() {
        return parts.stream().noneMatch(p -> p instanceof Placeholder);
    }

    /**
     * The rendered, sanitized value; empty when a referenced claim is missing or multi-valued, because
     * guessing a value for a session name or tag would misattribute the credential.
     */
    public Optional<String> render(Map<String, Object> attributes) {
        if (missingClaim(attributes).isPresent()) {
            return Optional.empty();
        }
        // Only the first maxLength code points survive sanitizing, so stop there: 90,000 placeholders of a 12 KB
        // claim would otherwise build a gigabyte string on every exchange. Two chars per code point at most.
        int cap = 2 * charset.maxLength();
        StringBuilder out = new StringBuilder();
        for (Object p : parts) {
            String text = p instanceof Placeholder ph ? (String) attributes.get(ph.claim()) : (String) p;
            out.append(text, 0, Math.min(text.length(), cap - out.length()));
            if (out.length() >= cap) {
                break;
            }
        }
        return Optional.of(charset.sanitize(out.toString()));
    }

    /** The first claim this template reads that is not a single value in {@code attributes}: why it cannot render. */
    public Optional<String> missingClaim(Map<String, Object> attributes) {
        for (Object p : parts) {
            if (p instanceof Placeholder ph && !(attributes.get(ph.claim()) instanceof String)) {
                return Optional.of(ph.claim());
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return source;
    }
}
