package dev.wifbroker.guard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revocations in force, effective on the next exchange. The exchange only reads this in-memory snapshot
 * (no store round trip); with a {@link RevocationStore} every write goes to the store first and a sync
 * loop {@link #replaceAll replaces} the snapshot, and a snapshot older than {@code maxStaleness} refuses
 * to answer (fail closed: it may be missing a revocation made on another replica).
 */
public final class Revocations {
    private final ConcurrentHashMap<String, Revocation> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final RevocationStore store;
    private final Duration maxStaleness;
    private volatile Instant syncedAt;

    public Revocations(Clock clock) {
        this(clock, null, null);
    }

    public Revocations(Clock clock, RevocationStore store, Duration maxStaleness) {
        this.clock = clock;
        this.store = store;
        this.maxStaleness = maxStaleness;
    }

    public Revocation add(Revocation.Kind kind, String value, String reason, Instant expiresAt) {
        Revocation r = new Revocation(kind, value, reason, clock.instant(), expiresAt);
        if (store != null) {
            store.save(r);
        }
        entries.put(key(kind, value), r);
        return r;
    }

    public boolean remove(Revocation.Kind kind, String value) {
        boolean removed = store != null ? store.delete(kind, value) : false;
        return entries.remove(key(kind, value)) != null || removed;
    }

    public Collection<Revocation> list() {
        Instant now = clock.instant();
        entries.values().removeIf(r -> r.expiresAt() != null && r.expiresAt().isBefore(now));
        return List.copyOf(entries.values());
    }

    /** Replaces the snapshot with the store's content, read at {@code readAt}. */
    public void replaceAll(Collection<Revocation> all, Instant readAt) {
        Map<String, Revocation> fresh = new java.util.HashMap<>();
        all.forEach(r -> fresh.put(key(r.kind(), r.value()), r));
        entries.putAll(fresh);
        entries.keySet().retainAll(fresh.keySet());
        syncedAt = readAt;
    }

    /** Records that the store was read at {@code readAt} and nothing changed. */
    public void markSynced(Instant readAt) {
        syncedAt = readAt;
    }

    public Instant syncedAt() {
        return syncedAt;
    }

    /** The first revocation matching this exchange, if any. */
    public Optional<Revocation> match(String role, String subjectKey, String jti) {
        Instant now = clock.instant();
        if (store != null && (syncedAt == null || syncedAt.plus(maxStaleness).isBefore(now))) {
            throw new StoreUnavailableException("revocations not synchronized since " + syncedAt, Duration.ofSeconds(2), null);
        }
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        for (String k : new String[] {key(Revocation.Kind.ROLE, role), key(Revocation.Kind.SUBJECT, subjectKey),
            jti == null ? null : key(Revocation.Kind.JTI, jti)}) {
            Revocation r = k == null ? null : entries.get(k);
            if (r != null && (r.expiresAt() == null || r.expiresAt().isAfter(now))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public static String key(Revocation.Kind kind, String value) {
        return kind.id() + ":" + value;
    }
}
