package dev.wifbroker.credential.shared;

import static dev.wifbroker.credential.shared.SharedTierFixture.counting;
import static dev.wifbroker.credential.shared.SharedTierFixture.key;
import static dev.wifbroker.credential.shared.SharedTierFixture.session;
import static dev.wifbroker.credential.shared.SharedTierFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.shared.SharedTierFixture.Replica;
import dev.wifbroker.reason.Reason;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared credential tier on a real redis-server, with separate clients, keys and caches standing for replicas. */
class SharedCredentialTierTest {
    private static SharedTierFixture fixture;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void start() {
        fixture = new SharedTierFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void clean() {
        fixture.flush();
        fixture.meters.clear();
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void aBurstOfSixtyRequestsOverThreeReplicasMakesOneUpstreamCallAndAllGetTheSameCredential() throws Exception {
        List<Replica> replicas = fixture.replicas(3, settings(Duration.ofSeconds(10)));
        AtomicInteger calls = new AtomicInteger();
        List<Long> millis = new ArrayList<>();
        List<IssuedCredential> results = burst(replicas, key(), counting(calls, Duration.ofMillis(200)), 60, millis);

        assertThat(calls.get()).as("upstream calls for 60 requests on 3 replicas").isEqualTo(1);
        assertThat(results).hasSize(60).allSatisfy(c -> assertThat(c).isEqualTo(results.get(0)));
        assertThat(fixture.outcome("minted")).isEqualTo(1);
        assertThat(fixture.outcome("hit") + fixture.outcome("hit_after_wait")).as("one tier lookup per other replica").isEqualTo(2);
        System.out.printf("burst of 60 over 3 replicas: %d upstream call, slowest request %d ms (mint 200 ms)%n", calls.get(),
                millis.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    void anEntryAnotherReplicaStoredIsServedInOneRoundTripWithoutAnUpstreamCall() throws Exception {
        List<Replica> replicas = fixture.replicas(2, settings(Duration.ofSeconds(10)));
        AtomicInteger calls = new AtomicInteger();
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CredentialCache.Key key = key();
            IssuedCredential minted = replicas.get(0).tier().get(key, counting(calls, Duration.ZERO));
            long start = System.nanoTime();
            IssuedCredential served = replicas.get(1).tier().get(key, counting(calls, Duration.ZERO));
            micros.add((System.nanoTime() - start) / 1000);
            assertThat(served).isEqualTo(minted);
        }
        assertThat(calls.get()).isEqualTo(50);
        assertThat(fixture.outcome("hit")).isEqualTo(50);
        List<Long> sorted = micros.stream().sorted().toList();
        System.out.printf("served from another replica's entry (lookup + open): median %d us, p90 %d us over 50 keys%n",
                sorted.get(25), sorted.get(45));
    }

    @Test
    void afterABurstNoKeyOrValueInRedisHoldsTheSessionInClear() throws Exception {
        List<Replica> replicas = fixture.replicas(3, settings(Duration.ofSeconds(10)));
        List<IssuedCredential> results = burst(replicas, key(), counting(new AtomicInteger(), Duration.ofMillis(100)), 30,
                new ArrayList<>());
        IssuedCredential.AwsSession session = (IssuedCredential.AwsSession) results.get(0);

        List<String> keys = fixture.keys();
        assertThat(keys).as("the entry and the recipients; the lease is gone").hasSize(2);
        StringBuilder everything = new StringBuilder();
        for (String k : keys) {
            everything.append(k).append('\n');
            String type = fixture.redis(Request.cmd(Command.TYPE).arg(k)).toString();
            if (type.equals("hash")) {
                fixture.hash(k).forEach((f, v) -> everything.append(f).append('=').append(v).append('\n'));
            } else {
                everything.append(fixture.redis(Request.cmd(Command.GET).arg(k))).append('\n');
            }
        }
        assertThat(everything.toString()).doesNotContain(session.accessKeyId()).doesNotContain(session.secretAccessKey())
                .doesNotContain(session.sessionToken()).doesNotContain(SharedTierFixture.SECRET.substring(0, 12));
        String entry = keys.stream().filter(k -> k.matches("\\{wif}:cred:[0-9a-f]{64}")).findFirst().orElseThrow();
        Map<String, String> fields = fixture.hash(entry);
        assertThat(fields.keySet()).as("one sealed copy per replica").containsExactlyInAnyOrderElementsOf(
                replicas.stream().map(r -> r.key().kid()).toList());
        assertThat(fields.values()).allSatisfy(v -> assertThat(v.split("\\.", -1)).hasSize(5));
        long ttl = fixture.redis(Request.cmd(Command.PTTL).arg(entry)).toLong();
        assertThat(ttl).as("entry lives until expiry minus the margin").isBetween(Duration.ofMinutes(54).toMillis(),
                Duration.ofMinutes(55).toMillis());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a lease set without an entry", "a lease set without an expiry", "a holder thread that never finishes"})
    void aDeadHoldersLeaseExpiresAndAnotherReplicaMintsWithinLeasePlusPoll(String holder) throws Exception {
        Duration lease = Duration.ofMillis(1000);
        List<Replica> replicas = fixture.replicas(2, settings(lease));
        CredentialCache.Key key = key();
        long leaseSetAt;
        CountDownLatch never = new CountDownLatch(1);
        if (holder.startsWith("a lease set")) {
            Request set = Request.cmd(Command.SET).arg(RedisCredentialStore.leaseKey(CanonicalKey.digest(key))).arg("dead-holder");
            fixture.redis(holder.endsWith("an entry") ? set.arg("PX").arg(lease.toMillis()) : set);
            leaseSetAt = System.nanoTime();
        } else {
            CountDownLatch minting = new CountDownLatch(1);
            pool.submit(() -> replicas.get(0).get(key, () -> {
                minting.countDown();
                await(never);
                throw new IllegalStateException("the holder never returns");
            }));
            assertThat(minting.await(5, TimeUnit.SECONDS)).isTrue();
            leaseSetAt = System.nanoTime();
        }
        AtomicInteger calls = new AtomicInteger();
        IssuedCredential credential = replicas.get(1).get(key, counting(calls, Duration.ZERO));
        long took = (System.nanoTime() - leaseSetAt) / 1_000_000;
        never.countDown();

        assertThat(calls.get()).isEqualTo(1);
        assertThat(credential).isNotNull();
        // Lease + one poll, plus slack for a CPU shared with other builds; far below the 5 s the waiter would give up at.
        assertThat(took).as("ms from the holder's lease to the takeover's credential").isBetween(lease.toMillis() - 100,
                lease.toMillis() + 50 + 700);
        assertThat(fixture.outcome("takeover")).isEqualTo(1);
        System.out.printf("%s: takeover after %d ms (lease %d ms, poll 50 ms)%n", holder, took, lease.toMillis());
    }

    @Test
    void aFailedUpstreamCallIsNotCachedAndAWaiterTakesOverAtOnce() throws Exception {
        List<Replica> replicas = fixture.replicas(2, settings(Duration.ofSeconds(10)));
        CredentialCache.Key key = key();
        CountDownLatch minting = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        Future<IssuedCredential> holder = pool.submit(() -> replicas.get(0).get(key, () -> {
            minting.countDown();
            await(fail);
            throw UpstreamException.unavailable("aws", "ServiceUnavailable", Duration.ofSeconds(1));
        }));
        assertThat(minting.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger calls = new AtomicInteger();
        Future<IssuedCredential> waiter = pool.submit(() -> replicas.get(1).get(key, counting(calls, Duration.ZERO)));
        Thread.sleep(200);
        assertThat(waiter.isDone()).as("waits while the holder mints").isFalse();
        long failedAt = System.nanoTime();
        fail.countDown();

        assertThatThrownBy(holder::get).hasCauseInstanceOf(UpstreamException.class);
        IssuedCredential taken = waiter.get(5, TimeUnit.SECONDS);
        long took = (System.nanoTime() - failedAt) / 1_000_000;
        assertThat(calls.get()).isEqualTo(1);
        assertThat(took).as("ms from the holder's failure to the waiter's credential (the lease is 10 s)").isLessThan(1000);
        assertThat(replicas.get(0).get(key, counting(calls, Duration.ZERO))).as("the failure was not cached").isEqualTo(taken);
        assertThat(calls.get()).isEqualTo(1);
        System.out.printf("holder failed: waiter took over and had its credential %d ms later%n", took);
    }

    @Test
    void aWaiterGivesUpAfterItsMaximumWaitWithARetryableUpstreamUnavailable() {
        Replica replica = fixture.replica(new SharedTierSettings(Duration.ofSeconds(30), Duration.ofMillis(50),
                Duration.ofMillis(300), SharedTierFixture.MARGIN, Duration.ofSeconds(60), 64), Clock.systemUTC());
        CredentialCache.Key key = key();
        fixture.redis(Request.cmd(Command.SET).arg(RedisCredentialStore.leaseKey(CanonicalKey.digest(key))).arg("slow-holder")
                .arg("PX").arg(30_000));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> replica.get(key, counting(calls, Duration.ZERO))).isInstanceOfSatisfying(UpstreamException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
                    assertThat(e.retryAfter()).isPresent();
                });
        assertThat(calls.get()).isZero();
    }

    @Test
    void anEntryPastExpiryMinusTheMarginIsNotServed() throws Exception {
        List<Replica> replicas = new ArrayList<>();
        replicas.add(fixture.replica(settings(Duration.ofSeconds(10)), Clock.systemUTC()));
        replicas.add(fixture.replica(settings(Duration.ofSeconds(10)), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(20))));
        replicas.forEach(r -> r.tier().refreshRecipients());
        replicas.forEach(r -> r.tier().refreshRecipients());
        CredentialCache.Key key = key();
        Instant expiresAt = Instant.now().plus(SharedTierFixture.MARGIN).plusSeconds(15);
        IssuedCredential first = replicas.get(0).get(key, () -> session(expiresAt));
        assertThat(fixture.redis(Request.cmd(Command.EXISTS).arg(RedisCredentialStore.entryKey(CanonicalKey.digest(key))))
                .toInteger()).as("stored for its last 15 s before the margin").isEqualTo(1);

        AtomicInteger calls = new AtomicInteger();
        IssuedCredential second = replicas.get(1).get(key, counting(calls, Duration.ZERO));
        assertThat(calls.get()).as("the replica 20 s later refuses what is within the margin for it").isEqualTo(1);
        assertThat(second).isNotEqualTo(first);
        assertThat(fixture.outcome("stale")).isEqualTo(1);
    }

    @Test
    void aCredentialAlreadyWithinTheMarginIsNotStoredAndItsLeaseIsReleased() throws Exception {
        Replica replica = fixture.replicas(1, settings(Duration.ofSeconds(10))).get(0);
        CredentialCache.Key key = key();
        replica.tier().get(key, () -> session(Instant.now().plus(SharedTierFixture.MARGIN).minusSeconds(1)));
        assertThat(fixture.keys()).containsExactly(RedisCredentialStore.RECIPIENTS);
    }

    @Test
    void withRedisStoppedEachReplicaMintsOnItsOwnAndAfterTheRestartTheTierIsSharedAgain() throws Exception {
        List<Replica> replicas = fixture.replicas(3, settings(Duration.ofSeconds(10)));
        fixture.server.stop();
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        List<IssuedCredential> alone = burst(replicas, key(), counting(calls, Duration.ofMillis(100)), 30, new ArrayList<>());
        long outageMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(alone).hasSize(30).doesNotContainNull();
        assertThat(calls.get()).as("one upstream call per replica, through the local single-flight").isEqualTo(3);
        assertThat(fixture.outcome("store_unavailable")).isEqualTo(3);

        fixture.server.restart();
        long restartedAt = System.nanoTime();
        // Redis came back empty: the scheduled refresh announces the recipients again.
        while (fixture.hash(RedisCredentialStore.RECIPIENTS).size() < 3) {
            replicas.forEach(r -> r.tier().refreshRecipients());
            Thread.sleep(20);
        }
        replicas.forEach(r -> r.tier().refreshRecipients());
        long sharedAfter = (System.nanoTime() - restartedAt) / 1_000_000;
        calls.set(0);
        burst(replicas, key(), counting(calls, Duration.ofMillis(100)), 30, new ArrayList<>());
        assertThat(calls.get()).as("shared again after the restart").isEqualTo(1);
        System.out.printf("redis down: burst of 30 on 3 replicas made %d calls in %d ms; recipients back %d ms after restart%n",
                3, outageMillis, sharedAfter);
    }

    @Test
    void aKeyWithoutCanonicalEncodingIsMintedLocallyAndNeverReachesRedis() throws Exception {
        Replica replica = fixture.replicas(1, settings(Duration.ofSeconds(10))).get(0);
        CredentialCache.Key odd = new CredentialCache.Key("deploy", SharedTierFixture.AWS, "github", "https://issuer",
                "sub", Map.of("when", new java.util.Date()), List.of(), null);
        AtomicInteger calls = new AtomicInteger();
        assertThat(replica.tier().get(odd, counting(calls, Duration.ZERO))).isNotNull();
        assertThat(calls.get()).isEqualTo(1);
        assertThat(fixture.keys()).containsExactly(RedisCredentialStore.RECIPIENTS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code n} requests spread round-robin over the replicas, released together; each one's latency in {@code millis}. */
    private List<IssuedCredential> burst(List<Replica> replicas, CredentialCache.Key key, CredentialCache.Minter minter, int n,
            List<Long> millis) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<IssuedCredential>> futures = new ArrayList<>();
        List<Long> took = java.util.Collections.synchronizedList(millis);
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get(i % replicas.size());
            futures.add(pool.submit(() -> {
                go.await();
                long start = System.nanoTime();
                IssuedCredential c = r.get(key, minter);
                took.add((System.nanoTime() - start) / 1_000_000);
                return c;
            }));
        }
        go.countDown();
        List<IssuedCredential> results = new ArrayList<>();
        for (Future<IssuedCredential> f : futures) {
            results.add(f.get(20, TimeUnit.SECONDS));
        }
        return results;
    }
}
