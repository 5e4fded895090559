package dev.wifbroker.credential.shared;

import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.guard.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Who can read shared entries: this replica announces its public key in the store with an expiry of three
 * refresh intervals and, at each {@link #refresh()} (startup, then every {@code broker.redis.credential-recipient-refresh}),
 * reads the others'. A holder refreshes once more right before it seals (a mint, so once per credential lifetime
 * and key), so every replica announced by then gets a copy; lookups never read the recipients.
 * At most {@code max} recipients (this replica first, then the most recently announced); entries this broker would
 * not write are ignored and reported once.
 */
final class Recipients {
    private static final Logger LOG = Logger.getLogger(Recipients.class);
    private static final Duration SKEW = Duration.ofMinutes(1);

    private final ReplicaKey own;
    private final SharedCredentialStore store;
    private final Clock clock;
    private final Duration refreshInterval;
    private final int max;
    private final Set<String> reported = new HashSet<>();
    private volatile List<Recipient> current;

    Recipients(ReplicaKey own, SharedCredentialStore store, Clock clock, Duration refreshInterval, int max) {
        this.own = own;
        this.store = store;
        this.clock = clock;
        this.refreshInterval = refreshInterval;
        this.max = max;
        this.current = List.of(Recipient.of(own, clock.instant().plus(lifetime())));
    }

    ReplicaKey own() {
        return own;
    }

    /** This replica first; never empty, even before the first refresh succeeded. */
    List<Recipient> current() {
        return current;
    }

    /** Announces this replica and reads the others'; on a store failure the last snapshot stays. */
    synchronized void refresh() {
        Instant now = clock.instant();
        Recipient self = Recipient.of(own, now.plus(lifetime()));
        try {
            store.publishRecipient(self.kid(), self.toJson());
            Map<String, String> stored = store.recipients();
            List<Recipient> others = new ArrayList<>();
            List<String> expired = new ArrayList<>();
            Instant latest = now.plus(lifetime()).plus(SKEW);
            for (Map.Entry<String, String> e : stored.entrySet()) {
                if (e.getKey().equals(self.kid())) {
                    continue;
                }
                try {
                    Recipient r = Recipient.parse(e.getKey(), e.getValue(), latest);
                    if (r.expiresAt().isAfter(now)) {
                        others.add(r);
                    } else {
                        expired.add(r.kid());
                    }
                } catch (IllegalArgumentException refused) {
                    report(e.getKey(), refused.getMessage());
                }
            }
            store.removeRecipients(expired);
            others.sort(Comparator.comparing(Recipient::expiresAt).reversed());
            if (others.size() > max - 1) {
                LOG.warnf("shared credential recipients: %d announced, sealing to the %d most recent only", others.size() + 1, max);
                others = others.subList(0, max - 1);
            }
            List<Recipient> next = new ArrayList<>(others.size() + 1);
            next.add(self);
            next.addAll(others);
            current = List.copyOf(next);
        } catch (StoreUnavailableException e) {
            LOG.debugf("shared credential recipients not refreshed: %s", e.getMessage());
        }
    }

    private Duration lifetime() {
        return refreshInterval.multipliedBy(3);
    }

    private void report(String field, String why) {
        String print = Fingerprint.of(field);
        if (reported.size() > 1000) {
            reported.clear();
        }
        if (reported.add(print)) {
            LOG.warnf("shared credential recipient %s ignored: %s", print, why);
        }
    }
}
