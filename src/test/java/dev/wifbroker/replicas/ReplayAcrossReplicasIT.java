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
 * Three replicas on one Redis: a one-time token ({@code replay: reject}) is exchanged once in the whole cluster,
 * and a replay is refused before any upstream call.
 */
class ReplayAcrossReplicasIT {
    private static final int PER_REPLICA = 10;
    private static final int ROUNDS = 5;

    /** Declared before the cluster: the replicas are configured with its endpoint. */
    static final StsStub STS = new StsStub();

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("replay").sts(STS.endpoint()));

    @AfterAll
    static void stopSts() {
        STS.close();
    }

    @Test
    void one_token_presented_thirty_times_at_once_at_three_replicas_gets_exactly_one_200_and_29_replay_refusals() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        int total = PER_REPLICA * cluster.replicas().size();
        Map<String, Integer> winners = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Presented> replies = presentEverywhereAtOnce(cluster, cluster.policies().oneTimeToken(), ReplicaPolicies.ROLE);
            Map<String, Integer> outcomes = tally(replies);
            for (Presented p : replies) {
                if (p.reply().status() == 200) {
                    winners.merge(p.replica().name(), 1, Integer::sum);
                    assertThat(p.reply().accessToken()).isNotBlank();
                } else {
                    // RFC 6749 §5.2 body with the stable reason (docs/api.md): replay_detected is invalid_request.
                    assertThat(p.reply().json().path("error").asText()).isEqualTo("invalid_request");
                    assertThat(p.reply().json().path("error_description").asText()).isNotBlank();
                    assertThat(p.reply().json().path("decision_id").asText()).isNotBlank();
                }
            }
            System.out.printf("replay round %d: %d concurrent requests -> %s%n", round, total, outcomes);
            assertThat(outcomes).as("round %d", round).isEqualTo(Map.of("200 -", 1, "400 replay_detected", total - 1));
        }
        System.out.println("replay: replicas that won a round: " + winners);
    }

    @Test
    void one_token_presented_at_once_at_three_replicas_for_an_aws_role_makes_exactly_one_sts_call() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        STS.succeed(Duration.ofHours(1));
        List<Presented> replies = presentEverywhereAtOnce(cluster, cluster.policies().oneTimeToken(), ReplicaPolicies.AWS_ROLE);
        Map<String, Integer> outcomes = tally(replies);
        System.out.printf("replay, aws role: %d concurrent requests -> %s; STS calls: %d%n", replies.size(), outcomes,
                STS.requests().size());
        assertThat(outcomes).isEqualTo(Map.of("200 -", 1, "400 replay_detected", replies.size() - 1));
        assertThat(STS.requests()).hasSize(1);
        assertThat(STS.form(0)).containsEntry("Action", "AssumeRoleWithWebIdentity").containsEntry("RoleArn", ReplicaPolicies.AWS_ROLE_ARN);
    }

    record Presented(BrokerProcess replica, Reply reply) {}

    /** {@value #PER_REPLICA} requests per replica with one token, all released by one latch. */
    private static List<Presented> presentEverywhereAtOnce(BrokerCluster cluster, String token, String role) throws Exception {
        int total = PER_REPLICA * cluster.replicas().size();
        ExecutorService pool = Executors.newFixedThreadPool(total);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<BrokerProcess> targets = new ArrayList<>();
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                BrokerProcess replica = cluster.replicas().get(i % cluster.replicas().size());
                targets.add(replica);
                futures.add(pool.submit(() -> {
                    go.await();
                    return BrokerCalls.exchange(replica, token, role);
                }));
            }
            go.countDown();
            List<Presented> out = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                out.add(new Presented(targets.get(i), futures.get(i).get()));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Integer> tally(List<Presented> replies) {
        Map<String, Integer> outcomes = new TreeMap<>();
        replies.forEach(p -> outcomes.merge(p.reply().status() + " " + p.reply().reason(), 1, Integer::sum));
        return outcomes;
    }
}
