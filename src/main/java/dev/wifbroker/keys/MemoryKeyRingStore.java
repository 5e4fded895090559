package dev.wifbroker.keys;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps keys only for the life of the process. Every restart publishes fresh keys that sign at once, so
 * tokens issued before the restart stop verifying: fine for tests and demos, not for production.
 */
public final class MemoryKeyRingStore implements KeyRingStore {
    private final AtomicReference<List<ManagedKey>> keys = new AtomicReference<>(List.of());

    @Override
    public List<ManagedKey> load() {
        return keys.get();
    }

    @Override
    public void save(List<ManagedKey> keys) {
        this.keys.set(List.copyOf(keys));
    }
}
