package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.aws.AwsLimits;
import dev.wifbroker.credential.aws.AwsTarget;
import dev.wifbroker.credential.azure.AzureTarget;
import dev.wifbroker.credential.gcp.GcpTarget;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CredentialCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final CredentialCache cache = new CredentialCache(clock, 100, Duration.ofMinutes(5), Duration.ofSeconds(10));
    private static final AwsTarget AWS = new AwsTarget("arn:aws:iam::123456789012:role/deploy", Duration.ofMinutes(15),
            Optional.empty(), Optional.empty(), List.of(), Map.of());
    private final CredentialCache.Key key = key(AWS);

    private static CredentialCache.Key key(CredentialTarget target) {
        return new CredentialCache.Key("deploy", target, "github", "https://token.actions.githubusercontent.com",
                "repo:a/b:ref:refs/heads/main", Map.of(), List.of(), null);
    }

    private IssuedCredential session(String id, Duration ttl) {
        return new IssuedCredential.AwsSession(id, "secret", "token", clock.instant().plus(ttl), "arn");
    }

    @Test
    void aBurstOfIdenticalRequestsMakesOneUpstreamCall() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> workers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(32, task -> {
            Thread worker = new Thread(task);
            workers.add(worker);
            return worker;
        });
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
        // The burst is in flight before the call completes: one worker waits in the upstream call, the other 31 on it.
        awaitAllParked(workers, 32);
        assertThat(calls.get()).as("upstream calls while the burst waits").isEqualTo(1);
        release.countDown();
        for (Future<IssuedCredential> f : results) {
            assertThat(((IssuedCredential.AwsSession) f.get()).accessKeyId()).isEqualTo("AKIA1");
        }
        pool.shutdown();
        assertThat(calls.get()).isEqualTo(1);
    }

    /** Waits until {@code count} threads exist and every one is parked (waiting on a latch or a future), or fails. */
    private static void awaitAllParked(List<Thread> threads, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.size() < count || !threads.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING)) {
            assertThat(System.nanoTime()).as("all " + count + " workers parked within 10 s").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
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

    static Stream<Arguments> shapingInputs() {
        CredentialCache.Key k = key(AWS);
        Template session = Template.parse("gha-{run_id}", AwsLimits.SESSION_NAME_CHARSET);
        return Stream.of(
                Arguments.of("another roleArn", key(new AwsTarget("arn:aws:iam::123456789012:role/other", AWS.duration(),
                        Optional.empty(), Optional.empty(), List.of(), Map.of()))),
                Arguments.of("another session duration", key(new AwsTarget(AWS.roleArn(), Duration.ofHours(1), Optional.empty(),
                        Optional.empty(), List.of(), Map.of()))),
                Arguments.of("a session policy added", key(new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.empty(),
                        Optional.of("{\"Version\":\"2012-10-17\"}"), List.of(), Map.of()))),
                Arguments.of("a session name template added", key(new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.of(session),
                        Optional.empty(), List.of(), Map.of()))),
                Arguments.of("another GCP service account", key(new GcpTarget("//iam.googleapis.com/p", Optional.of("a@p.iam"),
                        List.of(), Duration.ofHours(1)))),
                Arguments.of("another Azure client id", key(new AzureTarget("t", "client-2", "s", AzureTarget.Mode.TOKEN,
                        Duration.ofMinutes(10)))),
                Arguments.of("the same issuer name at another URL", new CredentialCache.Key(k.role(), k.target(), k.issuer(),
                        "https://evil.example", k.subject(), k.claims(), k.scopes(), k.lifetime())),
                Arguments.of("another subject", new CredentialCache.Key(k.role(), k.target(), k.issuer(), k.issuerUrl(),
                        "repo:a/c:ref:refs/heads/main", k.claims(), k.scopes(), k.lifetime())),
                Arguments.of("another templated claim value", new CredentialCache.Key(k.role(), k.target(), k.issuer(),
                        k.issuerUrl(), k.subject(), Map.of("run_id", "2"), k.scopes(), k.lifetime())),
                Arguments.of("narrower scopes", new CredentialCache.Key(k.role(), k.target(), k.issuer(), k.issuerUrl(),
                        k.subject(), k.claims(), List.of("s3"), k.lifetime())),
                Arguments.of("a shorter lifetime", new CredentialCache.Key(k.role(), k.target(), k.issuer(), k.issuerUrl(),
                        k.subject(), k.claims(), k.scopes(), Duration.ofMinutes(5))));
    }

    @ParameterizedTest(name = "{0} -> a new upstream call, never the cached credential")
    @MethodSource("shapingInputs")
    void everything_that_shapes_a_credential_is_part_of_its_key(String name, CredentialCache.Key other) throws Exception {
        cache.get(key, () -> session("A", Duration.ofHours(1)));
        assertThat(((IssuedCredential.AwsSession) cache.get(other, () -> session("B", Duration.ofHours(1)))).accessKeyId())
                .isEqualTo("B");
    }

    @Test
    void an_equal_target_definition_from_a_reparsed_policy_shares_the_entry() throws Exception {
        Template a = Template.parse("gha-{run_id}", AwsLimits.SESSION_NAME_CHARSET);
        Template b = Template.parse("gha-{run_id}", AwsLimits.SESSION_NAME_CHARSET);
        CredentialCache.Key first = key(new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.of(a), Optional.empty(), List.of(),
                Map.of("repo", a)));
        CredentialCache.Key second = key(new AwsTarget(AWS.roleArn(), AWS.duration(), Optional.of(b), Optional.empty(), List.of(),
                Map.of("repo", b)));
        cache.get(first, () -> session("A", Duration.ofHours(1)));
        assertThat(((IssuedCredential.AwsSession) cache.get(second, () -> session("B", Duration.ofHours(1)))).accessKeyId())
                .isEqualTo("A");
    }

    @Test
    void retain_drops_exactly_the_rejected_entries() throws Exception {
        CredentialCache.Key other = key(new GcpTarget("//iam.googleapis.com/p", Optional.empty(), List.of(), Duration.ofHours(1)));
        cache.get(key, () -> session("A", Duration.ofHours(1)));
        cache.get(other, () -> session("B", Duration.ofHours(1)));
        assertThat(cache.retainIf(k -> k.target() instanceof GcpTarget)).isEqualTo(1);
        assertThat(cache.count(k -> true)).isEqualTo(1);
        assertThat(((IssuedCredential.AwsSession) cache.get(key, () -> session("C", Duration.ofHours(1)))).accessKeyId())
                .isEqualTo("C");
    }
}
