package dev.wifbroker.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The broker's signing keys. Readers (signers, the JWKS endpoint) take the current
 * {@link KeyRingSnapshot} with one volatile read and never block; {@link #rotate()} is the only writer
 * and runs off the request path (at startup and on a schedule). Time comes from the injected clock so
 * tests can step through the phases.
 */
public final class KeyRing {
    private static final Logger LOG = Logger.getLogger(KeyRing.class);

    private final KeyRingSettings settings;
    private final KeyRingStore store;
    private final Clock clock;
    private final KeyRotation rotation;
    private final AtomicReference<KeyRingSnapshot> current;

    private KeyRing(KeyRingSettings settings, KeyRingStore store, Clock clock, List<ManagedKey> loaded) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.rotation = new KeyRotation(settings);
        this.current = new AtomicReference<>(new KeyRingSnapshot(loaded));
    }

    /**
     * Loads the stored keys and brings them up to date, generating the first keys when the store is
     * empty, so that every enabled algorithm has an active key when this returns.
     */
    public static KeyRing open(KeyRingSettings settings, KeyRingStore store, Clock clock) {
        List<ManagedKey> loaded = store.load();
        LOG.infof("loaded %d signing keys %s", loaded.size(), describe(loaded));
        KeyRing ring = new KeyRing(settings, store, clock, loaded);
        ring.rotate();
        return ring;
    }

    /** The current keys; one volatile read. */
    public KeyRingSnapshot snapshot() {
        return current.get();
    }

    public KeyRingSettings settings() {
        return settings;
    }

    /**
     * Applies every due step of the schedule. The new keys are stored before any signer sees them: a
     * key that signed a token must still be there after a restart, or that token would stop verifying.
     * If the store fails, the previous snapshot stays in force and the next call tries again.
     *
     * @return true when the key set changed
     */
    public synchronized boolean rotate() {
        KeyRingSnapshot before = current.get();
        Instant now = clock.instant();
        List<ManagedKey> next = rotation.advance(before.keys(), now);
        if (next == before.keys()) {
            return false;
        }
        store.save(next);
        KeyRingSnapshot after = new KeyRingSnapshot(next);
        current.set(after);
        LOG.infof("key ring changed at %s (jwks %s -> %s): %s", now, before.version(), after.version(), describe(next));
        return true;
    }

    /** Kids, algorithms and phases: the only key facts that may be logged. */
    private static String describe(List<ManagedKey> keys) {
        return keys.stream().map(ManagedKey::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
