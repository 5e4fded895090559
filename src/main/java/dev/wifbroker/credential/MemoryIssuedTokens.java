package dev.wifbroker.credential;

import dev.wifbroker.text.Sha256;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link IssuedTokens} of one replica: at most {@code capacity} entries, the oldest forgotten first. */
public final class MemoryIssuedTokens implements IssuedTokens {
    private final Clock clock;
    private final Map<String, Entry> entries;

    public MemoryIssuedTokens(Clock clock, int capacity) {
        this.clock = clock;
        this.entries = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity || eldest.getValue().expiresAt().isBefore(clock.instant());
            }
        };
    }

    @Override
    public synchronized void remember(String token, Entry entry) {
        entries.put(Sha256.hex(token), entry);
    }

    @Override
    public synchronized Optional<Entry> lookup(String token) {
        String key = Sha256.hex(token);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!entry.expiresAt().isAfter(clock.instant())) {
            entries.remove(key);
            return Optional.empty();
        }
        return Optional.of(entry);
    }
}
