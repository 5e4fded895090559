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

/** Three replicas on one Redis: a one-time token ({@code replay: reject}) is exchanged once in the whole cluster. */
class ReplayAcrossReplicasIT {
    private static final int PER_REPLICA = 10;
    private static final int ROUNDS = 5;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("replay"));

    @Test
    void one_token_presented_thirty_times_at_once_at_three_replicas_gets_exactly_one_200_and_29_replay_refusals() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        int total = PER_REPLICA * cluster.replicas().size();
        ExecutorService pool = Executors.newFixedThreadPool(total);
        try {
            Map<String, Integer> winners = new TreeMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                String token = cluster.policies().oneTimeToken();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Reply>> replies = new ArrayList<>();
                List<BrokerProcess> targets = new ArrayList<>();
                for (int i = 0; i < total; i++) {
                    BrokerProcess replica = cluster.replicas().get(i % cluster.replicas().size());
                    targets.add(replica);
                    replies.add(pool.submit(() -> {
                        go.await();
                        return BrokerCalls.exchange(replica, token, ReplicaPolicies.ROLE);
                    }));
                }
                go.countDown();
                Map<String, Integer> outcomes = new TreeMap<>();
                for (int i = 0; i < total; i++) {
                    Reply r = replies.get(i).get();
                    outcomes.merge(r.status() + " " + r.reason(), 1, Integer::sum);
                    if (r.status() == 200) {
                        winners.merge(targets.get(i).name(), 1, Integer::sum);
                        assertThat(r.accessToken()).isNotBlank();
                    } else {
                        // RFC 6749 §5.2 body with the stable reason (docs/api.md): replay_detected is invalid_request.
                        assertThat(r.json().path("error").asText()).isEqualTo("invalid_request");
                        assertThat(r.json().path("error_description").asText()).isNotBlank();
                        assertThat(r.json().path("decision_id").asText()).isNotBlank();
                    }
                }
                System.out.printf("replay round %d: %d concurrent requests -> %s%n", round, total, outcomes);
                assertThat(outcomes).as("round %d", round).isEqualTo(Map.of("200 -", 1, "400 replay_detected", total - 1));
            }
            System.out.println("replay: replicas that won a round: " + winners);
        } finally {
            pool.shutdownNow();
        }
    }
}
