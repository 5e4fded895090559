package dev.wifbroker.api.wellknown;

/**
 * {@code If-None-Match} as RFC 9110 §13.1.2 defines it: {@code *} or a comma-separated list of entity tags, compared
 * weakly ({@code W/"x"} matches {@code "x"}), so a cache or proxy that weakened the tag still revalidates.
 */
final class EntityTags {
    private EntityTags() {}

    /** True when {@code ifNoneMatch} matches {@code current}: the condition fails and the answer is 304. */
    static boolean noneMatchFails(String ifNoneMatch, String current) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.strip().equals("*")) {
            return true;
        }
        String opaque = opaque(current);
        for (String tag : ifNoneMatch.split(",")) {
            if (opaque.equals(opaque(tag.strip()))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
