package dev.wifbroker.policy.match;

/**
 * What one policy load may compile into regex programs in total. Each pattern is bounded on its own, but a
 * 1,000,000-character role file holds 20,000 patterns of 3,700 instructions each (about 180 KB of heap apiece),
 * and a directory holds any number of files: 3,000 of them exhausted a 512 MB heap. One instance per load; not
 * thread-safe. An incremental reload charges each unchanged file what it took when it was compiled
 * ({@link #charge}), so the total is the same as if every file had been compiled again.
 */
public final class CompileBudget {
    /** Instructions all regexes and multi-wildcard globs of a policy may compile to together (about 50 MB of heap). */
    public static final long MAX_INSTRUCTIONS = 1_000_000;

    private long used;
    private boolean refused;

    /** Instructions taken so far. */
    public long used() {
        return used;
    }

    /** True once a pattern was refused: what it compiled depended on what came before it. */
    public boolean refused() {
        return refused;
    }

    /** Charges a reused file's {@code instructions} if they fit; false (and nothing charged) if they do not. */
    public boolean charge(long instructions) {
        if (instructions > MAX_INSTRUCTIONS - used) {
            return false;
        }
        used += instructions;
        return true;
    }

    /** Counts {@code instructions} against the budget, or refuses them (leaving the budget unchanged). */
    void take(long instructions) throws BoundedRegex.TooLarge {
        if (instructions > MAX_INSTRUCTIONS - used) {
            refused = true;
            throw new BoundedRegex.TooLarge(String.format("the policy's regexes and globs would compile to more than %,d"
                    + " instructions together (%,d before this one, which needs %,d); the limit is %,d. Fix: use fewer or"
                    + " smaller patterns, or exact values and oneOf", MAX_INSTRUCTIONS, used, instructions, MAX_INSTRUCTIONS));
        }
        used += instructions;
    }
}
