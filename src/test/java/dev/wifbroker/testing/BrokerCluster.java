package dev.wifbroker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * N replicas of the packaged broker ({@link BrokerProcess}) sharing one real redis-server ({@link RedisServer})
 * and one policy directory ({@link ReplicaPolicies}), as a Deployment with several pods behind a load balancer
 * would. Settings are production ones except where a test cannot wait: keys are re-read from Redis every
 * second (Quarkus' scheduler fires at most once a second) and a joining replica is ready after 1 s (as in
 * {@link ClusteredProfile}); keys rotate on the shortest schedule the settings allow (publish-ahead 5 min 1 s,
 * rotation period 5 min 2 s), so every replica always has a published successor. Replica 1 keeps its keys in
 * a {@code file} store ({@link #keyDirectory()}), the others in memory. Rate limits are effectively off unless
 * a test sets them ({@link Builder#env}).
 *
 * <p>To point the replicas at a WireMock AWS STS ({@link StsStub}), give {@link Builder#sts(URI)}: their
 * {@code broker.aws.sts-endpoint} is set to it and the policy directory gains {@link ReplicaPolicies#AWS_ROLE}.
 * Without it the endpoint is a closed loopback port, so nothing leaves the host.
 */
public final class BrokerCluster implements AutoCloseable {
    /** Generous: three JVMs starting at once on two cores. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final RedisServer redis;
    private final ReplicaPolicies policies;
    private final List<BrokerProcess> replicas;
    private final Path workDir;
    private final String[] redisArgs;
    /** Kills Redis if the test JVM exits without closing the cluster (replicas have a reaper of their own). */
    private final Thread reaper;

    private BrokerCluster(String name, RedisServer redis, String[] redisArgs, ReplicaPolicies policies, List<BrokerProcess> replicas,
            Path workDir) {
        this.name = name;
        this.redis = redis;
        this.redisArgs = redisArgs;
        this.policies = policies;
        this.replicas = replicas;
        this.workDir = workDir;
        this.reaper = new Thread(redis::stop, name + "-redis-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The packaged broker; the ITs run at {@code integration-test}, after the Quarkus build at {@code package}. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("broker.jar", "target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: run the replica tests with ./mvnw -B verify (they need the"
                    + " packaged broker)");
        }
        return jar;
    }

    /** Replica {@code number}, counting from 1. */
    public BrokerProcess replica(int number) {
        return replicas.get(number - 1);
    }

    public List<BrokerProcess> replicas() {
        return replicas;
    }

    /** Every replica but {@code number}. */
    public List<BrokerProcess> others(int number) {
        BrokerProcess excluded = replica(number);
        return replicas.stream().filter(r -> r != excluded).toList();
    }

    public RedisServer redis() {
        return redis;
    }

    /** Starts redis-server again on the same port, with the same arguments (and data directory: AOF survives). */
    public void restartRedis() {
        redis.restart(redisArgs);
    }

    public ReplicaPolicies policies() {
        return policies;
    }

    /** Replica 1's key directory ({@code broker.keys.store=file}). */
    public Path keyDirectory() {
        return workDir.resolve("r1-keys");
    }

    /** Every replica's log tail, for a failure message. */
    public String logTails(int lines) {
        return replicas.stream().map(r -> r.logTail(lines)).collect(Collectors.joining("\n"));
    }

    /** Waits until every replica is ready again (after a restart or a Redis outage). */
    public void awaitReady(Duration timeout) {
        replicas.forEach(r -> r.awaitReady(timeout));
    }

    @Override
    public void close() {
        // SIGTERM to all at once, then wait: shutting down one by one would take three times as long.
        replicas.parallelStream().forEach(BrokerProcess::close);
        redis.close();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it stops an already stopped server, which is harmless.
        }
    }

    @Override
    public String toString() {
        return name + replicas;
    }

    /** Cluster settings; {@link #start()} launches Redis and the replicas and waits until all are ready. */
    public static final class Builder {
        private final String name;
        private int size = 3;
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> redisArgs = new ArrayList<>();
        private Optional<URI> sts = Optional.empty();

        private Builder(String name) {
            this.name = name;
        }

        public Builder replicas(int count) {
            this.size = count;
            return this;
        }

        /** An environment variable for every replica (overrides the defaults below). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Extra redis-server arguments, e.g. {@code --appendonly yes}. */
        public Builder redisArgs(String... args) {
            redisArgs.addAll(List.of(args));
            return this;
        }

        /** Points {@code broker.aws.sts-endpoint} at a stub and adds {@link ReplicaPolicies#AWS_ROLE}. */
        public Builder sts(URI endpoint) {
            this.sts = Optional.of(endpoint);
            return this;
        }

        public BrokerCluster start() {
            Path workDir;
            Path logs = Path.of(System.getProperty("it.logs", "target/it-logs"));
            List<Path> logFiles = new ArrayList<>();
            try {
                workDir = Files.createTempDirectory("wif-" + name);
                Files.createDirectories(logs);
                for (int i = 1; i <= size; i++) {
                    logFiles.add(logs.resolve(name + "-r" + i + ".log"));
                    Files.deleteIfExists(logFiles.get(i - 1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ReplicaPolicies policies = ReplicaPolicies.write(workDir.resolve("policies"), sts);
            String[] args = redisArgs.toArray(String[]::new);
            RedisServer redis = RedisServer.start(args);
            Map<String, String> common = new HashMap<>(defaults(redis, policies));
            common.putAll(env);
            List<BrokerProcess> replicas = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                Map<String, String> own = new HashMap<>(common);
                if (i == 1) {
                    own.put("BROKER_KEYS_STORE", "file");
                    own.put("BROKER_KEYS_DIRECTORY", workDir.resolve("r1-keys").toString());
                }
                replicas.add(new BrokerProcess("r" + i, own, logFiles.get(i - 1)));
            }
            BrokerCluster cluster = new BrokerCluster(name, redis, args, policies, List.copyOf(replicas), workDir);
            try {
                replicas.forEach(BrokerProcess::start);
                cluster.awaitReady(READY_TIMEOUT);
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
            return cluster;
        }

        private Map<String, String> defaults(RedisServer redis, ReplicaPolicies policies) {
            Map<String, String> d = new HashMap<>();
            d.put("BROKER_STATE", "redis");
            d.put("QUARKUS_REDIS_HOSTS", redis.uri());
            d.put("BROKER_POLICY_DIR", policies.dir().toString());
            // One issuer URL for the cluster, as behind a load balancer.
            d.put("BROKER_ISSUER_URL", "http://127.0.0.1:8080");
            d.put("BROKER_KEYS_ALGORITHMS", "ES256,RS256");
            d.put("BROKER_KEYS_ROTATION_PERIOD", "5m2s");
            d.put("BROKER_KEYS_PUBLISH_AHEAD", "5m1s");
            d.put("BROKER_KEYS_CHECK_INTERVAL", "1s");
            d.put("BROKER_KEYS_CLUSTER_REFRESH_INTERVAL", "1s");
            d.put("BROKER_KEYS_CLUSTER_JOIN_DELAY", "1s");
            for (String limit : List.of("IDENTITY_RATE", "IDENTITY_BURST", "ROLE_RATE", "ROLE_BURST")) {
                d.put("BROKER_GUARD_" + limit, "1000000000");
            }
            d.put("BROKER_AWS_REGION", "us-east-1");
            d.put("BROKER_AWS_STS_ENDPOINT", sts.map(URI::toString).orElse("http://127.0.0.1:9"));
            return d;
        }
    }
}
