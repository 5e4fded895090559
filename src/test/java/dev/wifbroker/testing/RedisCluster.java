package dev.wifbroker.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Redis Cluster of three masters (no replicas) on loopback, made with {@code redis-cli --cluster create}:
 * each node has its client port and its cluster bus port chosen free ahead. Every node gets the same extra
 * arguments (e.g. ACL users); {@link #cliOptions} authenticate redis-cli for the creation and for tests.
 */
public final class RedisCluster implements AutoCloseable {
    private final List<RedisServer> nodes = new ArrayList<>();

    private RedisCluster() {}

    public static RedisCluster start(List<String> cliOptions, String... extraArgs) {
        RedisCluster cluster = new RedisCluster();
        try {
            for (int i = 0; i < 3; i++) {
                List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000", "--cluster-port", String.valueOf(RedisServer.freePort())));
                args.addAll(List.of(extraArgs));
                cluster.nodes.add(RedisServer.startOn(RedisServer.freePort(), null, args.toArray(String[]::new))
                        .cliOptions(cliOptions.toArray(String[]::new)));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            cluster.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
            create.add("--cluster-yes");
            cluster.nodes.get(0).cli(create.toArray(String[]::new));
            cluster.awaitOk(Duration.ofSeconds(20));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** The node endpoints, as {@code quarkus.redis.hosts} lists them with {@code client-type=cluster}. */
    public List<String> uris() {
        return nodes.stream().map(RedisServer::uri).toList();
    }

    private void awaitOk(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"))) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("redis cluster not ok after " + timeout + ": " + nodes.get(0).cli("CLUSTER", "INFO"));
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
