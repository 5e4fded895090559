package dev.wifbroker.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
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
 */
public final class CredentialCache {
    private final Cache<Key, CompletableFuture<IssuedCredential>> entries;
    private final Clock clock;
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
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.maxWait = maxWait;
        this.shared = shared;
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(Duration.ofHours(12)).build();
    }

    public IssuedCredential get(Key key, Minter minter) throws UpstreamException {
        while (true) {
            CompletableFuture<IssuedCredential> mine = new CompletableFuture<>();
            CompletableFuture<IssuedCredential> existing = entries.asMap().putIfAbsent(key, mine);
            if (existing == null) {
                return run(key, mine, minter);
            }
            if (!existing.isDone()) {
                return await(existing);
            }
            IssuedCredential done = existing.getNow(null);
            if (done != null && fresh(done)) {
                return done;
            }
            // Stale or failed: replace it, unless another caller already did.
            if (entries.asMap().replace(key, existing, mine)) {
                return run(key, mine, minter);
            }
        }
    }

    public long size() {
        return entries.estimatedSize();
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

    private boolean fresh(IssuedCredential credential) {
        return Duration.between(clock.instant(), credential.expiresAt()).compareTo(refreshMargin) > 0;
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
