package dev.wifbroker.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GuardsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

    @Test
    void aJtiIsAcceptedOnceUntilItsTokenExpires() {
        MemoryReplayGuard guard = new MemoryReplayGuard(clock, 100, 60);
        Instant exp = clock.instant().plusSeconds(300);
        assertThat(guard.use("github", "j1", exp)).isEqualTo(ReplayGuard.Use.FIRST);
        assertThat(guard.use("github", "j1", exp)).isEqualTo(ReplayGuard.Use.REPLAY);
        assertThat(guard.use("gitlab", "j1", exp)).as("ids are per issuer").isEqualTo(ReplayGuard.Use.FIRST);
        clock.advance(Duration.ofSeconds(300 + 59));
        assertThat(guard.use("github", "j1", exp)).as("still inside the skew").isEqualTo(ReplayGuard.Use.REPLAY);
        clock.advance(Duration.ofSeconds(2));
        guard.purge();
        assertThat(guard.size()).isEqualTo(0);
    }

    @Test
    void aFullReplayMemoryFailsClosedInsteadOfForgetting() {
        MemoryReplayGuard guard = new MemoryReplayGuard(clock, 2, 0);
        Instant exp = clock.instant().plusSeconds(300);
        guard.use("i", "a", exp);
        guard.use("i", "b", exp);
        assertThat(guard.use("i", "c", exp)).isEqualTo(ReplayGuard.Use.UNAVAILABLE);
        assertThat(guard.use("i", "a", exp)).isNotEqualTo(ReplayGuard.Use.FIRST);
        clock.advance(Duration.ofSeconds(301));
        assertThat(guard.use("i", "c", exp.plusSeconds(600))).isEqualTo(ReplayGuard.Use.FIRST);
    }

    @Test
    void tokenBucketAllowsTheBurstThenAsksToWait() {
        MemoryRateLimiter limiter = new MemoryRateLimiter(clock, 1000);
        RateLimiter.Limit limit = new RateLimiter.Limit(2, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.acquire("w", limit)).isEmpty();
        }
        Optional<Duration> wait = limiter.acquire("w", limit);
        assertThat(wait).contains(Duration.ofMillis(500));
        assertThat(limiter.acquire("other", limit)).as("buckets are per key").isEmpty();
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.acquire("w", limit)).isEmpty();
        assertThat(limiter.acquire("w", limit)).isPresent();
    }

    @Test
    void revocationsMatchByRoleSubjectOrJtiAndExpire() {
        Revocations r = new Revocations(clock);
        r.add(Revocation.Kind.ROLE, "payments-deploy", "incident 42", null);
        r.add(Revocation.Kind.SUBJECT, Revocation.subjectKey("github", "repo:a/b:ref:refs/heads/main"), "leak",
                clock.instant().plusSeconds(60));
        r.add(Revocation.Kind.JTI, "j-1", "stolen", null);
        assertThat(r.match("payments-deploy", "x|y", null)).isPresent();
        assertThat(r.match("other", "github|repo:a/b:ref:refs/heads/main", null)).isPresent();
        assertThat(r.match("other", "x|y", "j-1")).isPresent();
        assertThat(r.match("other", "x|y", "j-2")).isEmpty();
        clock.advance(Duration.ofSeconds(61));
        assertThat(r.match("other", "github|repo:a/b:ref:refs/heads/main", null)).isEmpty();
        assertThat(r.list()).hasSize(2);
        assertThat(r.remove(Revocation.Kind.ROLE, "payments-deploy")).isTrue();
        assertThat(r.match("payments-deploy", "x|y", null)).isEmpty();
    }
}
