package dev.wifbroker.testing;

/**
 * Recognizes regexes that hit a known, unfixed cost in RE2J: compiling a wide character-class range with case
 * folding (the {@code (?i)} flag, or {@code CASE_INSENSITIVE} as the explain near-miss check uses) takes minutes,
 * e.g. {@code (?i)[_-\uFFFD]}. The fuzz targets skip such patterns so they can explore past it; the finding is
 * recorded in docs/fuzzing.md and belongs to the policy-load bounds. Remove this once those bounds refuse the pattern.
 */
public final class CaseFoldingHang {
    private static final int WIDE_RANGE = 255;

    private CaseFoldingHang() {}

    /** True if {@code pattern} has a literal range wider than 255 code points, or an escape that may name one. */
    public static boolean risky(String pattern) {
        if (pattern.contains("\\x") || pattern.contains("\\p") || pattern.contains("\\P") || pattern.contains("\\Q")) {
            return true;
        }
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i + 2 < cps.length; i++) {
            if (cps[i + 1] == '-' && cps[i + 2] - cps[i] > WIDE_RANGE) {
                return true;
            }
        }
        return false;
    }
}
