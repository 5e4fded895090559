package dev.wifbroker.credential.shared;

import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.SharedTier;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.shared.SharedCredentialStore.Acquired;
import dev.wifbroker.credential.shared.SharedCredentialStore.Held;
import dev.wifbroker.credential.shared.SharedCredentialStore.Lookup;
import dev.wifbroker.credential.shared.SharedCredentialStore.Sealed;
import dev.wifbroker.credential.shared.SharedTierMetrics.Outcome;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.guard.redis.RedisCalls;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The replicas' shared cloud-credential tier: on a local miss, one round trip returns this replica's sealed copy
 * of the entry, or takes the key's lease ({@code SET NX PX}), or says another replica holds it. The holder mints,
 * seals the session to every live recipient and stores it with the lease's release (compare and delete) in one
 * more round trip; the others poll until the entry appears, or the lease is gone (its holder failed, or died and
 * the lease expired) and one of them takes it over. A burst spread over N replicas therefore costs one upstream
 * call. An entry this replica cannot open or check is never served: it takes the lease and mints over it. When
 * the store does not answer, the replica mints on its own (more upstream calls, nothing opened).
 */
public final class SharedCredentialTier implements SharedTier {
    private static final Logger LOG = Logger.getLogger(SharedCredentialTier.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final SharedCredentialStore store;
    private final Recipients recipients;
    private final Clock clock;
    private final SharedTierSettings settings;
    private final SharedTierMetrics metrics;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean degraded = new AtomicBoolean();

    SharedCredentialTier(SharedCredentialStore store, ReplicaKey own, Clock clock, SharedTierSettings settings,
            MeterRegistry meters) {
        this.store = store;
        this.recipients = new Recipients(own, store, clock, settings.recipientRefresh(), settings.maxRecipients());
        this.clock = clock;
        this.settings = settings;
        this.metrics = new SharedTierMetrics(meters);
    }

    /** The tier on Redis, with a key pair generated now; call {@link #refreshRecipients()} before serving. */
    public static SharedCredentialTier redis(RedisCalls calls, Clock clock, SharedTierSettings settings, MeterRegistry meters) {
        return new SharedCredentialTier(new RedisCredentialStore(calls), ReplicaKey.generate(), clock, settings, meters);
    }

    /** Announces this replica as a recipient and reads the others' (startup, then on a schedule). */
    public void refreshRecipients() {
        recipients.refresh();
    }

    String kid() {
        return recipients.own().kid();
    }

    @Override
    public IssuedCredential get(CredentialCache.Key key, CredentialCache.Minter minter) throws UpstreamException {
        String digest;
        try {
            digest = CanonicalKey.digest(key);
        } catch (IllegalArgumentException e) {
            LOG.debugf("credential key not shared: %s", e.getMessage());
            return minter.mint();
        }
        String token = leaseToken();
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        String skip = null;
        boolean waited = false;
        while (true) {
            Lookup found;
            try {
                found = store.lookup(digest, kid(), skip, token, settings.lease());
                recovered();
            } catch (StoreUnavailableException e) {
                return alone(e, minter);
            }
            if (found instanceof Sealed sealed) {
                Optional<IssuedCredential> served = open(sealed.value(), digest, key);
                if (served.isPresent()) {
                    metrics.count(waited ? Outcome.HIT_AFTER_WAIT : Outcome.HIT);
                    return served.get();
                }
                skip = sealed.value();
                continue;
            }
            if (found instanceof Acquired) {
                metrics.count(waited ? Outcome.TAKEOVER : Outcome.MINTED);
                return mintAndShare(digest, token, minter);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                metrics.count(Outcome.WAIT_TIMEOUT);
                throw UpstreamException.unavailable("upstream", "timed out waiting for another replica's upstream call",
                        RETRY_AFTER);
            }
            waited = true;
            pause(Math.min(left, Math.min(settings.poll().toNanos(), Math.max(((Held) found).remaining().toNanos(), 1_000_000))));
        }
    }

    private IssuedCredential mintAndShare(String digest, String token, CredentialCache.Minter minter) throws UpstreamException {
        IssuedCredential credential;
        try {
            credential = minter.mint();
        } catch (UpstreamException | RuntimeException e) {
            // Not cached: the lease goes at once, so a waiter takes over instead of waiting out the lease.
            releaseQuietly(digest, token);
            throw e;
        }
        share(digest, token, credential);
        return credential;
    }

    private void share(String digest, String token, IssuedCredential credential) {
        Duration ttl = Duration.between(clock.instant(), credential.expiresAt().minus(settings.refreshMargin()));
        Optional<String> plaintext = SessionCodec.encode(credential);
        try {
            if (plaintext.isEmpty() || ttl.toMillis() < 1000) {
                store.release(digest, token);
                return;
            }
            // A replica that announced itself since our last refresh would otherwise mint again.
            recipients.refresh();
            Map<String, String> sealed = EntrySeal.seal(plaintext.get(), digest, credential.expiresAt(), recipients.current());
            if (sealed.isEmpty()) {
                store.release(digest, token);
                return;
            }
            store.store(digest, sealed, ttl, token);
        } catch (StoreUnavailableException e) {
            LOG.warnf("shared credential entry %s not stored: %s", digest.substring(0, 16), e.getMessage());
        }
    }

    private Optional<IssuedCredential> open(String sealed, String digest, CredentialCache.Key key) {
        IssuedCredential credential;
        try {
            credential = EntrySeal.open(sealed, digest, recipients.own());
            if (!credential.kind().equals(key.target().kind())) {
                throw new IllegalArgumentException("holds a " + credential.kind() + " credential for a "
                        + key.target().kind() + " target");
            }
        } catch (IllegalArgumentException refused) {
            metrics.count(Outcome.REFUSED);
            LOG.warnf("shared credential entry %s refused, minting afresh: %s (entry %s)", digest.substring(0, 16),
                    refused.getMessage(), Fingerprint.of(sealed));
            return Optional.empty();
        }
        if (Duration.between(clock.instant(), credential.expiresAt()).compareTo(settings.refreshMargin()) <= 0) {
            metrics.count(Outcome.STALE);
            return Optional.empty();
        }
        return Optional.of(credential);
    }

    private IssuedCredential alone(StoreUnavailableException e, CredentialCache.Minter minter) throws UpstreamException {
        metrics.count(Outcome.STORE_UNAVAILABLE);
        if (degraded.compareAndSet(false, true)) {
            LOG.warnf("shared credential tier unavailable, each replica calls upstream on its own: %s", e.getMessage());
        }
        return minter.mint();
    }

    private void recovered() {
        if (degraded.compareAndSet(true, false)) {
            LOG.info("shared credential tier available again");
        }
    }

    private void releaseQuietly(String digest, String token) {
        try {
            store.release(digest, token);
        } catch (StoreUnavailableException e) {
            LOG.debugf("lease of %s not released (it expires by itself): %s", digest.substring(0, 16), e.getMessage());
        }
    }

    private String leaseToken() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void pause(long nanos) throws UpstreamException {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.unavailable("upstream", "interrupted", RETRY_AFTER);
        }
    }
}
