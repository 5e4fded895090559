package dev.wifbroker.credential;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Cloud credentials keyed by everything that shaped them: served while their remaining lifetime
 * exceeds the refresh margin, and single-flight, so a burst of identical requests (200 pods of one
 * deployment starting together) makes one upstream call. Entries stay in memory only and the cache
 * is bounded; a failed call is not cached. When the policy changes, {@link #retainIf} drops the entries
 * the new policy would no longer produce. A local miss goes to the {@link SharedTier} (in clustered mode the
 * replicas' shared tier, otherwise the upstream call itself), once per key and replica.
 *
 * <p>Caffeine's {@link AsyncCache} holds one future per key (the single flight) and expires each credential
 * {@code refreshMargin} before its own expiry, timed by the injected clock; a future that fails is removed before
 * its waiters see the failure.
 */
public final class CredentialCache {
    private final AsyncCache<Key, IssuedCredential> entries;
    private final Instant origin;
    private final Duration refreshMargin;
    private final Duration maxWait;
    private final SharedTier shared;

    /**
     * What makes two requests interchangeable: every input of the upstream call. The target is the whole
     * definition (a record, compared field by field), so an edited {@code roleArn}, service account, client id,
     * session policy or duration is a different key; a field added to a target later is covered without
     * touching this class.
     *
     * @param issuer the issuer's name in the policy; with {@code issuerUrl} and {@code subject}, the workload
     * @param claims the verified claim values the target's templates read (session name, tags, source identity)
     * @param lifetime the credential's lifetime ({@link Grant#lifetimeFor}): requests asking more or nothing share an entry
     */
    public record Key(String role, CredentialTarget target, String issuer, String issuerUrl, String subject,
            Map<String, Object> claims, List<String> scopes, Duration lifetime) {
        public Key {
            claims = Collections.unmodifiableMap(new TreeMap<>(claims));
            scopes = List.copyOf(scopes);
        }
    }

    /** The upstream call that produces a credential. */
    @FunctionalInterface
    public interface Minter {
        IssuedCredential mint() throws UpstreamException;
    }

    public CredentialCache(Clock clock, int maxEntries, Duration refreshMargin, Duration maxWait) {
        this(clock, maxEntries, refreshMargin, maxWait, SharedTier.NONE);
    }

    public CredentialCache(Clock clock, int maxEntries, Duration refreshMargin, Duration maxWait, SharedTier shared) {
        this.origin = clock.instant();
        this.refreshMargin = refreshMargin;
        this.maxWait = maxWait;
        this.shared = shared;
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).ticker(() -> ticks(clock.instant()))
                .expireAfter(new UntilRefresh()).buildAsync();
    }

    public IssuedCredential get(Key key, Minter minter) throws UpstreamException {
        CompletableFuture<IssuedCredential> mine = new CompletableFuture<>();
        CompletableFuture<IssuedCredential> found = entries.get(key, (k, executor) -> mine);
        return found == mine ? run(key, mine, minter) : await(found);
    }

    public long size() {
        return entries.synchronous().estimatedSize();
    }

    /** Drops every entry {@code keep} rejects (an upstream call in flight still answers its callers); returns how many. */
    public int retainIf(Predicate<Key> keep) {
        int dropped = 0;
        for (Key key : List.copyOf(entries.asMap().keySet())) {
            if (!keep.test(key) && entries.asMap().remove(key) != null) {
                dropped++;
            }
        }
        return dropped;
    }

    /** How many entries match {@code which}: for status pages and tests. */
    public long count(Predicate<Key> which) {
        return entries.asMap().keySet().stream().filter(which).count();
    }

    /** The clock as Caffeine's ticker: nanoseconds since this cache was built. */
    private long ticks(Instant instant) {
        return Duration.between(origin, instant).toNanos();
    }

    /** A credential is served while its remaining lifetime exceeds the refresh margin; reads do not extend it. */
    private final class UntilRefresh implements Expiry<Key, IssuedCredential> {
        @Override
        public long expireAfterCreate(Key key, IssuedCredential credential, long now) {
            return Math.max(0, ticks(credential.expiresAt().minus(refreshMargin)) - now);
        }

        @Override
        public long expireAfterUpdate(Key key, IssuedCredential credential, long now, long current) {
            return expireAfterCreate(key, credential, now);
        }

        @Override
        public long expireAfterRead(Key key, IssuedCredential credential, long now, long current) {
            return current;
        }
    }

    private IssuedCredential run(Key key, CompletableFuture<IssuedCredential> mine, Minter minter) throws UpstreamException {
        try {
            IssuedCredential credential = shared.get(key, minter);
            mine.complete(credential);
            return credential;
        } catch (UpstreamException | RuntimeException e) {
            entries.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private IssuedCredential await(CompletableFuture<IssuedCredential> pending) throws UpstreamException {
        try {
            return pending.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof UpstreamException u) {
                throw u;
            }
            throw UpstreamException.unavailable("upstream", "the shared upstream call failed", Duration.ofSeconds(5));
        } catch (TimeoutException e) {
            throw UpstreamException.unavailable("upstream", "timed out waiting for the shared upstream call", Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.unavailable("upstream", "interrupted", Duration.ofSeconds(5));
        }
    }
}
