package dev.wifbroker.credential;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cloud credentials by role, workload and requested scope: served while their remaining lifetime
 * exceeds the refresh margin, and single-flight, so a burst of identical requests (200 pods of one
 * deployment starting together) makes one upstream call. Entries stay in memory only and the cache
 * is bounded; a failed call is not cached.
 */
public final class CredentialCache {
    private final Cache<Key, CompletableFuture<IssuedCredential>> entries;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration maxWait;

    /** What makes two requests interchangeable. */
    public record Key(String role, String target, String workload, List<String> scopes, Duration lifetime) {
        public Key {
            scopes = List.copyOf(scopes);
        }
    }

    /** The upstream call that produces a credential. */
    @FunctionalInterface
    public interface Minter {
        IssuedCredential mint() throws UpstreamException;
    }

    public CredentialCache(Clock clock, int maxEntries, Duration refreshMargin, Duration maxWait) {
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.maxWait = maxWait;
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

    private boolean fresh(IssuedCredential credential) {
        return Duration.between(clock.instant(), credential.expiresAt()).compareTo(refreshMargin) > 0;
    }

    private IssuedCredential run(Key key, CompletableFuture<IssuedCredential> mine, Minter minter) throws UpstreamException {
        try {
            IssuedCredential credential = minter.mint();
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
