package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final CredentialCache cache = new CredentialCache(clock, 100, Duration.ofMinutes(5), Duration.ofSeconds(10));
    private final CredentialCache.Key key = new CredentialCache.Key("deploy", "aws", "github:repo:a/b", List.of(), null);

    private IssuedCredential session(String id, Duration ttl) {
        return new IssuedCredential.AwsSession(id, "secret", "token", clock.instant().plus(ttl), "arn");
    }

    @Test
    void aBurstOfIdenticalRequestsMakesOneUpstreamCall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<IssuedCredential>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(pool.submit(() -> cache.get(key, () -> {
                calls.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return session("AKIA1", Duration.ofHours(1));
            })));
        }
        Thread.sleep(200);
        release.countDown();
        for (Future<IssuedCredential> f : results) {
            assertThat(((IssuedCredential.AwsSession) f.get()).accessKeyId()).isEqualTo("AKIA1");
        }
        pool.shutdown();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void servedUntilTheRefreshMarginThenRenewed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CredentialCache.Minter minter = () -> session("AKIA" + calls.incrementAndGet(), Duration.ofMinutes(15));
        assertThat(((IssuedCredential.AwsSession) cache.get(key, minter)).accessKeyId()).isEqualTo("AKIA1");
        clock.advance(Duration.ofMinutes(9));
        assertThat(((IssuedCredential.AwsSession) cache.get(key, minter)).accessKeyId()).isEqualTo("AKIA1");
        clock.advance(Duration.ofMinutes(2));
        assertThat(((IssuedCredential.AwsSession) cache.get(key, minter)).accessKeyId()).isEqualTo("AKIA2");
    }

    @Test
    void failuresAreSharedByWaitersButNotCached() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> cache.get(key, () -> {
            calls.incrementAndGet();
            throw UpstreamException.denied("aws", "AccessDenied");
        })).isInstanceOf(UpstreamException.class);
        assertThat(cache.get(key, () -> session("AKIA9", Duration.ofHours(1)))).isNotNull();
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void differentScopesAreDifferentEntries() throws Exception {
        cache.get(key, () -> session("A", Duration.ofHours(1)));
        var other = new CredentialCache.Key("deploy", "aws", "github:repo:a/b", List.of("s3"), null);
        assertThat(((IssuedCredential.AwsSession) cache.get(other, () -> session("B", Duration.ofHours(1)))).accessKeyId())
                .isEqualTo("B");
    }
}
