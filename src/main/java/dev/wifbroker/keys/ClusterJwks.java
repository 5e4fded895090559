package dev.wifbroker.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The JWKS of a cluster of replicas: this replica's own keys plus every other replica's live public keys,
 * read from a shared {@link KeyDirectory}. Private keys stay in each replica's ring. {@link #refresh()}
 * runs in the background (startup and every refresh interval): it reads the directory, republishes this
 * replica's keys with a fresh expiry, and rebuilds the served document, so serving it is a volatile read.
 *
 * <p>When the store is unreachable the last known union keeps being served and this replica keeps signing
 * with its own keys. A foreign key once seen stays served until the expiry its entry announced, even if it
 * vanishes from the store (a restarted, empty Redis must not make other replicas' tokens fail). The served
 * document never exceeds {@code maxPublishedKeys}; a key that would push the shared set over it is not
 * published, and the replica reports not ready.
 */
public final class ClusterJwks implements PublishedJwks {
    private static final Logger LOG = Logger.getLogger(ClusterJwks.class);
    /** Tolerated clock difference between replicas when checking an announced expiry. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Pattern LOGGABLE_KID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final KeyRing ring;
    private final KeyDirectory directory;
    private final ClusterKeySettings settings;
    private final Clock clock;
    private final String replica;
    private final Map<String, ClusterKeyEntry> known = new HashMap<>();
    private final Map<String, Instant> ownPublishedAt = new HashMap<>();
    private final Set<String> reportedRejects = new HashSet<>();
    private volatile JwksDocument document;
    private volatile ClusterKeyStatus status;

    public ClusterJwks(KeyRing ring, KeyDirectory directory, ClusterKeySettings settings, Clock clock, String replica) {
        settings.checkAgainst(ring.settings());
        this.ring = ring;
        this.directory = directory;
        this.settings = settings;
        this.clock = clock;
        this.replica = replica;
        this.document = ring.snapshot().document();
        this.status = ClusterKeyStatus.initial();
        refresh();
    }

    @Override
    public JwksDocument document() {
        return document;
    }

    public ClusterKeyStatus status() {
        return status;
    }

    public ClusterKeySettings settings() {
        return settings;
    }

    /** Reads the directory, republishes this replica's keys and rebuilds the served JWKS. Never throws. */
    public synchronized void refresh() {
        Instant now = clock.instant();
        List<ManagedKey> own = ring.snapshot().keys();
        Set<String> ownKids = new HashSet<>();
        own.forEach(k -> ownKids.add(k.kid()));
        String error = null;
        int rejected = 0;
        boolean reachable = true;
        try {
            rejected = read(now);
        } catch (RuntimeException e) {
            reachable = false;
            error = describe(e);
        }
        known.values().removeIf(e -> !now.isBefore(e.expiresAt()));
        ownPublishedAt.keySet().retainAll(ownKids);

        long foreign = known.keySet().stream().filter(kid -> !ownKids.contains(kid)).count();
        Map<String, ClusterKeyEntry> toWrite = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        long shared = foreign + own.stream().filter(k -> published(k.kid())).count();
        for (ManagedKey key : own) {
            boolean isNew = !published(key.kid());
            if (isNew && shared + 1 > settings.maxPublishedKeys()) {
                refused.add(key.kid());
                continue;
            }
            shared += isNew ? 1 : 0;
            toWrite.put(key.kid(), ClusterKeyEntry.of(key, replica, publishedAt(key, now), expiryOf(key, now)));
        }
        if (!refused.isEmpty()) {
            LOG.errorf("not publishing keys %s: the cluster already publishes %d of at most %d keys (broker.keys.max-published-keys);"
                    + " this replica reports not ready", refused, shared, settings.maxPublishedKeys());
        }
        if (reachable) {
            try {
                Map<String, String> json = new LinkedHashMap<>();
                toWrite.forEach((kid, entry) -> json.put(kid, entry.toJson()));
                directory.write(json);
                // Only a completed write counts as published: the join delay runs from here.
                toWrite.forEach((kid, entry) -> {
                    known.put(kid, entry);
                    ownPublishedAt.putIfAbsent(kid, entry.publishedAt());
                });
            } catch (RuntimeException e) {
                reachable = false;
                error = describe(e);
            }
        }
        if (!reachable) {
            LOG.warnf("key directory unreachable, serving the last known JWKS (%d keys) and signing with own keys: %s",
                    document.keyCount(), error);
        }
        rebuild(own, ownKids, now, reachable, error, rejected, refused);
    }

    /** Reads every entry; refuses and counts bad ones; removes expired ones. */
    private int read(Instant now) {
        Instant latest = now.plus(settings.liveEntryLifetime(ring.settings())).plus(CLOCK_SKEW);
        List<String> expired = new ArrayList<>();
        int rejected = 0;
        for (Map.Entry<String, String> raw : directory.readAll().entrySet()) {
            ClusterKeyEntry entry;
            try {
                entry = ClusterKeyEntry.parse(raw.getKey(), raw.getValue(), latest);
            } catch (IllegalArgumentException e) {
                rejected++;
                if (reportedRejects.add(raw.getKey())) {
                    LOG.errorf("refusing key directory entry %s: %s", loggableKid(raw.getKey()), e.getMessage());
                }
                continue;
            }
            if (!now.isBefore(entry.expiresAt())) {
                expired.add(entry.kid());
                continue;
            }
            known.merge(entry.kid(), entry, (a, b) -> a.expiresAt().isAfter(b.expiresAt()) ? a : b);
        }
        directory.remove(expired);
        return rejected;
    }

    private void rebuild(List<ManagedKey> own, Set<String> ownKids, Instant now, boolean reachable, String error, int rejected,
            List<String> refused) {
        List<ClusterKeyEntry> served = new ArrayList<>();
        for (ManagedKey key : own) {
            served.add(ClusterKeyEntry.of(key, replica, publishedAt(key, now), expiryOf(key, now)));
        }
        List<ClusterKeyEntry> foreign = known.values().stream().filter(e -> !ownKids.contains(e.kid()))
                .sorted(Comparator.comparing(ClusterKeyEntry::publishedAt).thenComparing(ClusterKeyEntry::kid)).toList();
        int room = Math.max(0, settings.maxPublishedKeys() - served.size());
        int dropped = Math.max(0, foreign.size() - room);
        served.addAll(foreign.subList(0, foreign.size() - dropped));
        if (dropped > 0) {
            LOG.errorf("the key directory holds %d foreign keys; serving the oldest %d within broker.keys.max-published-keys=%d;"
                    + " this replica reports not ready", foreign.size(), room, settings.maxPublishedKeys());
        }
        served.sort(Comparator.comparing(ClusterKeyEntry::algorithm).thenComparing(ClusterKeyEntry::publishedAt)
                .thenComparing(ClusterKeyEntry::kid));
        JwksDocument next = JwksDocument.of(served.stream().map(ClusterKeyEntry::jwk).toList());
        if (!next.etag().equals(document.etag())) {
            LOG.infof("cluster jwks %s -> %s: %d keys, %d from other replicas", document.version(), next.version(),
                    next.keyCount(), foreign.size() - dropped);
            document = next;
        }
        List<String> waiting = own.stream().filter(k -> k.phase() == KeyPhase.ACTIVE)
                .filter(k -> !ownPublishedAt.containsKey(k.kid()) || now.isBefore(ownPublishedAt.get(k.kid()).plus(settings.joinDelay())))
                .map(ManagedKey::kid).toList();
        status = new ClusterKeyStatus(reachable, now, error, document.keyCount(), foreign.size() - dropped, rejected, dropped,
                List.copyOf(refused), waiting);
    }

    private boolean published(String kid) {
        return ownPublishedAt.containsKey(kid) || known.containsKey(kid);
    }

    private Instant publishedAt(ManagedKey key, Instant now) {
        Instant confirmed = ownPublishedAt.get(key.kid());
        if (confirmed != null) {
            return confirmed;
        }
        ClusterKeyEntry stored = known.get(key.kid());
        return stored != null ? stored.publishedAt() : now;
    }

    private Instant expiryOf(ManagedKey key, Instant now) {
        return key.phase() == KeyPhase.RETIRED
                ? key.removableAt(ring.settings().retention())
                : now.plus(settings.liveEntryLifetime(ring.settings()));
    }

    private static String loggableKid(String kid) {
        return LOGGABLE_KID.matcher(kid).matches() ? kid : "<malformed kid>";
    }

    /** Exception class and message; Redis client messages name hosts and commands, never values. */
    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
