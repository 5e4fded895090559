package dev.wifbroker.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerCalls;
import dev.wifbroker.testing.BrokerCalls.Reply;
import dev.wifbroker.testing.BrokerCluster;
import dev.wifbroker.testing.BrokerProcess;
import dev.wifbroker.testing.ClusterExtension;
import dev.wifbroker.testing.ReplicaPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three replicas on one Redis with a role bucket of {@value #BURST} and a refill of one token per 1,000 s:
 * the bucket is one for the cluster, so all replicas together admit {@value #BURST}, not three times as many.
 */
class RateLimitAcrossReplicasIT {
    private static final int BURST = 10;
    private static final int PER_REPLICA = 15;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("ratelimit")
            .env("BROKER_GUARD_ROLE_BURST", String.valueOf(BURST))
            .env("BROKER_GUARD_ROLE_RATE", "0.001"));

    @Test
    void forty_five_exchanges_at_three_replicas_at_once_admit_exactly_the_role_burst_of_ten_cluster_wide() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        int total = PER_REPLICA * cluster.replicas().size();
        ExecutorService pool = Executors.newFixedThreadPool(total);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> replies = new ArrayList<>();
            List<BrokerProcess> targets = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                BrokerProcess replica = cluster.replicas().get(i % cluster.replicas().size());
                String token = cluster.policies().oneTimeToken();
                targets.add(replica);
                replies.add(pool.submit(() -> {
                    go.await();
                    return BrokerCalls.exchange(replica, token, ReplicaPolicies.ROLE);
                }));
            }
            go.countDown();
            Map<String, Integer> outcomes = new TreeMap<>();
            Map<String, Integer> admittedPerReplica = new TreeMap<>();
            for (int i = 0; i < total; i++) {
                Reply r = replies.get(i).get();
                outcomes.merge(r.status() + " " + r.reason(), 1, Integer::sum);
                if (r.status() == 200) {
                    admittedPerReplica.merge(targets.get(i).name(), 1, Integer::sum);
                } else if (r.status() == 429) {
                    assertThat(r.json().path("error").asText()).isEqualTo("slow_down");
                    assertThat(r.retryAfter()).as("Retry-After of a 429").isPresent();
                }
            }
            System.out.printf("rate limit: %d exchanges (%d per replica) with a role burst of %d -> %s; admitted per replica %s%n",
                    total, PER_REPLICA, BURST, outcomes, admittedPerReplica);
            assertThat(outcomes).isEqualTo(Map.of("200 -", BURST, "429 rate_limited", total - BURST));

            for (BrokerProcess r : cluster.replicas()) {
                Reply after = BrokerCalls.exchange(r, cluster.policies().oneTimeToken(), ReplicaPolicies.ROLE);
                assertThat(after.status()).as("the bucket is empty at %s too", r).isEqualTo(429);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
