package dev.wifbroker.crypto;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;

/**
 * One {@link Signature} per thread and algorithm, so the request path neither searches providers nor builds
 * instances: slot {@code i} holds an instance of JCA algorithm {@code i}, from {@link Jca}. A provider change
 * ({@link Jca#state()}) discards a thread's instances on its next use.
 */
public final class SignatureCache {
    private final List<String> algorithms;
    private final ThreadLocal<Slots> slots = new ThreadLocal<>();

    /** @param jcaAlgorithms the JCA name of each slot */
    public SignatureCache(List<String> jcaAlgorithms) {
        this.algorithms = List.copyOf(jcaAlgorithms);
    }

    /** This thread's instance for {@code slot}; initialize it (initSign or initVerify) before each use. */
    public Signature get(int slot) throws GeneralSecurityException {
        Jca.State now = Jca.state();
        Slots mine = slots.get();
        if (mine == null || mine.state != now) {
            mine = new Slots(now, new Signature[algorithms.size()]);
            slots.set(mine);
        }
        Signature s = mine.signatures[slot];
        if (s == null) {
            s = Jca.signature(algorithms.get(slot));
            mine.signatures[slot] = s;
        }
        return s;
    }

    /** Drops this thread's instance for {@code slot}: after a failure its state is unknown. */
    public void discard(int slot) {
        Slots mine = slots.get();
        if (mine != null) {
            mine.signatures[slot] = null;
        }
    }

    private record Slots(Jca.State state, Signature[] signatures) {}
}
