package dev.wifbroker.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerCalls;
import dev.wifbroker.testing.BrokerCalls.Reply;
import dev.wifbroker.testing.BrokerCluster;
import dev.wifbroker.testing.BrokerProcess;
import dev.wifbroker.testing.ClusterExtension;
import dev.wifbroker.testing.ReplicaPolicies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three replicas on one Redis: a revocation made on one replica's management API is enforced by every replica
 * within a second (docs/architecture.md: pub/sub message, version polled every 250 ms), is still enforced by
 * a replica restarted afterwards, and once lifted every replica admits again within a second. The workload
 * presents a token of the {@code replay: allow} issuer, so the same token can probe every replica again and again.
 */
class RevocationAcrossReplicasIT {
    private static final long PROPAGATION_BOUND_MS = 1000;
    private static final long WAIT_MS = 5000;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("revocation"));

    private static ExecutorService pool;

    @BeforeAll
    static void threads() {
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopThreads() {
        pool.shutdownNow();
    }

    static Stream<Arguments> kinds() {
        String jti = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("role", ReplicaPolicies.ROLE, UUID.randomUUID().toString()),
                Arguments.of("subject", "reusable|" + ReplicaPolicies.SUBJECT, UUID.randomUUID().toString()),
                Arguments.of("jti", jti, jti));
    }

    @ParameterizedTest(name = "revoked by {0}")
    @MethodSource("kinds")
    void a_revocation_made_at_replica_1_is_enforced_by_every_replica_within_a_second_and_after_a_restart_and_lifts_everywhere(
            String kind, String value, String jti) throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        String token = cluster.policies().reusableToken(jti);
        String body = "{\"kind\": \"" + kind + "\", \"value\": \"" + value + "\", \"reason\": \"replica drill\"}";
        try {
            for (BrokerProcess r : cluster.replicas()) {
                assertThat(exchange(r, token).status()).as("before the revocation, at %s", r).isEqualTo(200);
            }

            Map<String, Long> refusedAfter = awaitEverywhere(cluster, token, status -> status == 403,
                    () -> assertThat(BrokerCalls.admin(cluster.replica(1), "POST", "/admin/v1/revocations", body).status()).isEqualTo(201));
            System.out.printf("revocation by %s: refused %s ms after the admin call at r1 was sent%n", kind, refusedAfter);
            assertThat(refusedAfter.values()).as("ms until each replica refuses").allMatch(ms -> ms < PROPAGATION_BOUND_MS);
            for (BrokerProcess r : cluster.replicas()) {
                Reply refused = exchange(r, token);
                assertThat(refused.status()).isEqualTo(403);
                assertThat(refused.reason()).isEqualTo("revoked");
                assertThat(refused.json().path("error").asText()).isEqualTo("access_denied");
            }

            BrokerProcess r3 = cluster.replica(3);
            r3.restart(BrokerCluster.READY_TIMEOUT);
            Reply afterRestart = exchange(r3, token);
            assertThat(afterRestart.status()).as("the first exchange at restarted r3: %s", afterRestart.body()).isEqualTo(403);
            assertThat(afterRestart.reason()).isEqualTo("revoked");

            Map<String, Long> admittedAfter = awaitEverywhere(cluster, token, status -> status == 200,
                    () -> assertThat(BrokerCalls.admin(cluster.replica(2), "DELETE", "/admin/v1/revocations", body).status()).isEqualTo(200));
            System.out.printf("revocation by %s lifted at r2: admitted %s ms after the admin call was sent%n", kind, admittedAfter);
            assertThat(admittedAfter.values()).as("ms until each replica admits").allMatch(ms -> ms < PROPAGATION_BOUND_MS);
        } finally {
            BrokerCalls.admin(cluster.replica(1), "DELETE", "/admin/v1/revocations", body);
        }
    }

    /**
     * Runs {@code change}, while one thread per replica exchanges {@code token} back to back; per replica, the
     * milliseconds from just before the change was sent until the first answer whose status passes {@code wanted}.
     */
    private static Map<String, Long> awaitEverywhere(BrokerCluster cluster, String token, IntPredicate wanted, Runnable change)
            throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        long[] start = new long[1];
        List<Future<Long>> probes = new ArrayList<>();
        for (BrokerProcess r : cluster.replicas()) {
            probes.add(pool.submit(() -> {
                sent.await();
                while (true) {
                    Reply reply = exchange(r, token);
                    long elapsed = (System.nanoTime() - start[0]) / 1_000_000;
                    if (wanted.test(reply.status())) {
                        return elapsed;
                    }
                    assertThat(reply.status()).as("%s answered %s", r, reply.body()).isIn(200, 403);
                    if (elapsed > WAIT_MS) {
                        return elapsed;
                    }
                }
            }));
        }
        start[0] = System.nanoTime();
        sent.countDown();
        change.run();
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < probes.size(); i++) {
            out.put(cluster.replicas().get(i).name(), probes.get(i).get());
        }
        return out;
    }

    private static Reply exchange(BrokerProcess r, String token) {
        return BrokerCalls.exchange(r, token, ReplicaPolicies.ROLE);
    }
}
