package dev.wifbroker.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last exchange events of this replica, in memory: a fixed ring overwritten oldest first, written with one
 * atomic increment and one store (no lock on the request path). Per replica: a load balancer spreads decisions
 * over every replica's ring; the durable record is the {@code wif.audit} log.
 */
public final class RecentDecisions {
    private final AtomicReferenceArray<AuditEvent> slots;
    private final AtomicLong next = new AtomicLong();

    public RecentDecisions(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("broker.audit.recent-decisions must be at least 1, got " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    void add(AuditEvent event) {
        long i = next.getAndIncrement();
        slots.set((int) (i % slots.length()), event);
    }

    public int capacity() {
        return slots.length();
    }

    /** Every kept event, newest first. */
    public List<AuditEvent> newestFirst() {
        long end = next.get();
        int n = (int) Math.min(end, slots.length());
        List<AuditEvent> out = new ArrayList<>(n);
        for (long i = end - 1; i >= end - n; i--) {
            AuditEvent e = slots.get((int) (i % slots.length()));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }
}
