package dev.wifbroker.guard;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Revocations in force, effective on the next exchange. In memory for a single node; a clustered
 * store implements the same operations.
 */
public final class Revocations {
    private final ConcurrentHashMap<String, Revocation> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public Revocations(Clock clock) {
        this.clock = clock;
    }

    public Revocation add(Revocation.Kind kind, String value, String reason, Instant expiresAt) {
        Revocation r = new Revocation(kind, value, reason, clock.instant(), expiresAt);
        entries.put(key(kind, value), r);
        return r;
    }

    public boolean remove(Revocation.Kind kind, String value) {
        return entries.remove(key(kind, value)) != null;
    }

    public Collection<Revocation> list() {
        Instant now = clock.instant();
        entries.values().removeIf(r -> r.expiresAt() != null && r.expiresAt().isBefore(now));
        return List.copyOf(entries.values());
    }

    /** The first revocation matching this exchange, if any. */
    public Optional<Revocation> match(String role, String subjectKey, String jti) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (String k : new String[] {key(Revocation.Kind.ROLE, role), key(Revocation.Kind.SUBJECT, subjectKey),
            jti == null ? null : key(Revocation.Kind.JTI, jti)}) {
            Revocation r = k == null ? null : entries.get(k);
            if (r != null && (r.expiresAt() == null || r.expiresAt().isAfter(now))) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    private static String key(Revocation.Kind kind, String value) {
        return kind.id() + ":" + value;
    }
}
