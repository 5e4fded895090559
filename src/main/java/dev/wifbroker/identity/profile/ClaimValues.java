package dev.wifbroker.identity.profile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JSON claim values into the attribute value space: strings and lists of strings. Issuers
 * disagree on types (GitLab's {@code runner_id} is a number, its other IDs strings), so policies
 * compare text and never depend on the JSON type the vendor chose.
 */
public final class ClaimValues {
    private ClaimValues() {}

    /** A scalar as text, a list as a list of texts; objects are returned as null (flattened elsewhere). */
    public static Object text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>(list.size());
            for (Object item : list) {
                Object t = text(item);
                if (t instanceof String s) {
                    out.add(s);
                }
            }
            return List.copyOf(out);
        }
        return null;
    }

    /**
     * The attribute view of a claim set: every claim under its own name, overlaid with the profile's
     * normalized attributes; empty strings are dropped so a condition on them sees an absent claim.
     */
    public static Map<String, Object> attributes(IssuerProfile profile, Map<String, Object> claims) {
        Map<String, Object> attributes = new LinkedHashMap<>(flatten(claims));
        attributes.putAll(profile.normalize(attributes));
        attributes.values().removeIf(v -> v instanceof String s && s.isEmpty());
        return attributes;
    }

    /**
     * Every claim under its own name, nested objects by dotted path ({@code kubernetes.io.namespace}),
     * so a policy can bind any claim the token carries.
     */
    public static Map<String, Object> flatten(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        flattenInto("", claims, out);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void flattenInto(String prefix, Map<String, Object> claims, Map<String, Object> out) {
        for (Map.Entry<String, Object> e : claims.entrySet()) {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flattenInto(name, (Map<String, Object>) nested, out);
            } else {
                Object t = text(e.getValue());
                if (t != null) {
                    out.put(name, t);
                }
            }
        }
    }

    /** Copies {@code claim} to {@code attribute} when the claim is present and non-empty. */
    public static void copy(Map<String, Object> flat, String claim, Map<String, Object> into, String attribute) {
        Object v = flat.get(claim);
        if (v instanceof String s && !s.isEmpty()) {
            into.put(attribute, s);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            into.put(attribute, v);
        }
    }
}
