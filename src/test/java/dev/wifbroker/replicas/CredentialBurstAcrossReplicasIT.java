package dev.wifbroker.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerCalls;
import dev.wifbroker.testing.BrokerCalls.Reply;
import dev.wifbroker.testing.BrokerCluster;
import dev.wifbroker.testing.BrokerProcess;
import dev.wifbroker.testing.ClusterExtension;
import dev.wifbroker.testing.ReplicaPolicies;
import dev.wifbroker.testing.StsStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three replicas on one Redis: a pod-start burst of one workload spread over every replica costs one STS call,
 * and every pod gets the same session (docs/architecture.md, shared cloud credentials).
 */
class CredentialBurstAcrossReplicasIT {
    private static final int BURST = 60;

    /** Declared before the cluster: the replicas are configured with its endpoint. */
    static final StsStub STS = new StsStub();

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("burst").sts(STS.endpoint()));

    @AfterAll
    static void stopSts() {
        STS.close();
    }

    @Test
    void sixty_exchanges_of_one_workload_spread_over_three_replicas_during_a_slow_sts_call_make_exactly_one_call() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        // Slow enough that every request arrives while the one call is in flight: the lease, not a cache hit, is tested.
        STS.slow(Duration.ofMillis(800), Duration.ofHours(1));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            tokens.add(cluster.policies().oneTimeToken());
        }
        long start = System.nanoTime();
        List<Reply> burst = exchangeAtOnce(cluster, tokens);
        long burstMillis = (System.nanoTime() - start) / 1_000_000;

        Map<Integer, Integer> statuses = new TreeMap<>();
        burst.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
        List<String> keyIds = burst.stream().map(r -> r.json().path("aws_access_key_id").asText()).distinct().toList();
        System.out.printf("burst: %d exchanges over %d replicas in %d ms -> %s; STS calls: %d; distinct sessions: %d%n",
                BURST, cluster.replicas().size(), burstMillis, statuses, STS.requests().size(), keyIds.size());
        assertThat(statuses).isEqualTo(Map.of(200, BURST));
        assertThat(STS.requests()).hasSize(1);
        assertThat(keyIds).hasSize(1);
        assertThat(keyIds.get(0)).startsWith("ASIA");

        List<Reply> later = exchangeAtOnce(cluster, List.of(cluster.policies().oneTimeToken(), cluster.policies().oneTimeToken(),
                cluster.policies().oneTimeToken()));
        assertThat(later).allSatisfy(r -> assertThat(r.json().path("aws_access_key_id").asText()).isEqualTo(keyIds.get(0)));
        assertThat(STS.requests()).as("later exchanges reuse the session (each replica now holds it locally)").hasSize(1);
    }

    /** Token i goes to replica i mod 3; all are released by one latch. */
    private static List<Reply> exchangeAtOnce(BrokerCluster cluster, List<String> tokens) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tokens.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                BrokerProcess replica = cluster.replicas().get(i % cluster.replicas().size());
                String token = tokens.get(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return BrokerCalls.exchange(replica, token, ReplicaPolicies.AWS_ROLE);
                }));
            }
            go.countDown();
            List<Reply> out = new ArrayList<>();
            for (Future<Reply> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
