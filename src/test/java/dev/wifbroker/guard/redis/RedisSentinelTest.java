package dev.wifbroker.guard.redis;

import dev.wifbroker.testing.RedisSentinel;
import dev.wifbroker.testing.RedisServer;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's Redis code through a real Redis Sentinel ({@code quarkus.redis.client-type=sentinel},
 * {@code master-name}, {@code role=master}) as the least-privilege ACL user: the client asks the sentinel for
 * the master and presents the same credentials to both, so the sentinel needs that user too.
 */
class RedisSentinelTest {
    private static final String PASSWORD = "sentinel-broker-pw";
    private static RedisServer master;
    private static RedisSentinel sentinel;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>(List.of("--user", "default", "off"));
        args.addAll(RedisServer.aclUser("admin", "admin-pw", "~* &* +@all"));
        args.addAll(RedisServer.aclUser("broker", PASSWORD, RedisServer.BROKER_ACL));
        master = RedisServer.start(args.toArray(String[]::new));
        sentinel = RedisSentinel.monitor("wif", master, "admin", "admin-pw", "user default off",
                "user broker on >" + PASSWORD + " " + RedisServer.BROKER_SENTINEL_ACL);
    }

    @AfterAll
    static void stop() {
        sentinel.close();
        master.close();
    }

    private static RedisOptions sentinelOptions() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.SENTINEL).setMasterName("wif").setRole(RedisRole.MASTER)
                .setEndpoints(new ArrayList<>(List.of(sentinel.uri())));
        new RedisCredentials("broker", PASSWORD).applyTo(options);
        return options;
    }

    @Test
    void everyBrokerOperationWorksThroughASentinel() throws Exception {
        try (RedisReplicas replicas = new RedisReplicas(RedisSentinelTest::sentinelOptions)) {
            long millis = RedisStateConformance.assertBrokerStateWorks(replicas);
            System.out.printf("sentinel: revocation reached the other replica in %d ms%n", millis);
        }
    }
}
