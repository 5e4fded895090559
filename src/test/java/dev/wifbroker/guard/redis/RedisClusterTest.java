package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.RedisCluster;
import dev.wifbroker.testing.RedisServer;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's Redis code on a real three-master Redis Cluster through the Vert.x cluster client
 * ({@code quarkus.redis.client-type=cluster}), as the least-privilege ACL user: the multi-key scripts hold
 * only {@code {wif}:} keys, so they run in one slot, and pub/sub reaches replicas connected to other nodes.
 */
class RedisClusterTest {
    private static final String PASSWORD = "cluster-broker-pw";
    private static RedisCluster cluster;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>(List.of("--user", "default", "off"));
        args.addAll(RedisServer.aclUser("admin", "admin-pw", "~* &* +@all"));
        args.addAll(RedisServer.aclUser("broker", PASSWORD, RedisServer.BROKER_ACL + " " + RedisServer.BROKER_CLUSTER_ACL));
        cluster = RedisCluster.start(List.of("--user", "admin", "--pass", "admin-pw"), args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static RedisOptions clusterOptions() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER).setEndpoints(new ArrayList<>(cluster.uris()));
        new RedisCredentials("broker", PASSWORD).applyTo(options);
        return options;
    }

    @Test
    void everyBrokerOperationWorksOnAThreeMasterCluster() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(RedisClusterTest::clusterOptions)) {
            long millis = RedisStateConformance.assertBrokerStateWorks(replicas);
            System.out.printf("cluster: revocation reached the other replica in %d ms%n", millis);
        }
    }

    @Test
    void allBrokerKeysLiveInTheOneSlotOfTheirHashTag() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(RedisClusterTest::clusterOptions)) {
            RedisStateConformance.assertBrokerStateWorks(replicas);
        }
        String slot = cluster.nodes().get(0).cli("CLUSTER", "KEYSLOT", "{wif}");
        int holders = 0;
        for (RedisServer node : cluster.nodes()) {
            String keys = node.cli("--scan");
            if (!keys.isBlank()) {
                holders++;
                for (String key : keys.split("\n")) {
                    assertThat(key).startsWith("{wif}:");
                    assertThat(node.cli("CLUSTER", "KEYSLOT", key)).isEqualTo(slot);
                }
            }
        }
        assertThat(holders).as("nodes holding broker keys").isEqualTo(1);
    }

    @Test
    void aScriptOverKeysWithoutTheHashTagIsRefusedWhichIsWhyEveryKeyCarriesIt() {
        try (RedisReplicas replicas = new RedisReplicas(RedisClusterTest::clusterOptions)) {
            RedisCalls calls = replicas.calls(RedisStateConformance.TIMEOUT);
            String script = "return 1";
            assertThat(calls.script(script, RedisCalls.sha1(script), List.of("{wif}:a", "{wif}:b"), List.of()).toInteger()).isEqualTo(1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> calls.script(script, RedisCalls.sha1(script),
                    List.of("{wif}:a", "{other}:b"), List.of())).isInstanceOf(dev.wifbroker.guard.StoreUnavailableException.class)
                    .hasMessageContaining("CROSSSLOT");
        }
    }
}
