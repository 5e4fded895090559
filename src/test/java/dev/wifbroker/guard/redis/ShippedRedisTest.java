package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wifbroker.deploy.Manifests;
import dev.wifbroker.testing.RedisServer;
import dev.wifbroker.testing.TestCa;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimal Redis of deploy/kubernetes/redis, run here as its StatefulSet runs it: the container's start
 * script and the ConfigMap's redis.conf and broker.acl, with the pod's paths moved under a temporary
 * directory and the Secret written as kubelet mounts it. The broker, configured as the Deployment
 * configures it (user and password files, rediss://, the CA, host name checked), runs every operation.
 */
class ShippedRedisTest {

    @Test
    void theShippedRedisManifestServesTheBrokerAsTheDeploymentConfiguresIt(@TempDir Path root) throws Exception {
        int port = RedisServer.freePort();
        Path etc = Files.createDirectories(root.resolve("etc/redis"));
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("run/redis"));
        Path conf = Files.createDirectories(etc.resolve("conf"));
        Path auth = Files.createDirectories(etc.resolve("auth"));
        Path tls = Files.createDirectories(etc.resolve("tls"));
        String redisConf = Files.readString(Manifests.ROOT.resolve("redis/redis.conf")).replace("tls-port 6379", "tls-port " + port)
                .replace("/etc/redis/", etc + "/").replace("/run/redis/", root + "/run/redis/").replace("dir /data", "dir " + root.resolve("data"));
        Files.writeString(conf.resolve("redis.conf"), redisConf + "bind 127.0.0.1\n");
        Files.copy(Manifests.ROOT.resolve("redis/broker.acl"), conf.resolve("broker.acl"));
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Files.writeString(auth.resolve("username"), "wif-broker");
        Files.writeString(auth.resolve("password"), password);
        TestCa ca = TestCa.create("internal-ca");
        TestCa.ServerCert cert = ca.issue("wif-redis", "ip:127.0.0.1,dns:wif-redis.wif-broker.svc");
        Files.copy(cert.certificate(), tls.resolve("tls.crt"));
        Files.copy(cert.privateKey(), tls.resolve("tls.key"));
        Files.copy(cert.ca(), tls.resolve("ca.crt"));

        JsonNode redis = Manifests.container(Manifests.one("redis", "StatefulSet"), "redis");
        String script = redis.at("/args/0").asText().replace("/etc/redis/", etc + "/").replace("/run/redis/", root + "/run/redis/")
                .replace("exec redis-server", "exec " + System.getenv().getOrDefault("REDIS_SERVER", "redis-server"));
        Process process = new ProcessBuilder(redis.at("/command/0").asText(), redis.at("/command/1").asText(), script)
                .redirectErrorStream(true).redirectOutput(root.resolve("redis.log").toFile()).start();
        try {
            awaitListening(process, port, root);
            assertThat(Files.readString(root.resolve("run/redis/users.acl"))).as("the generated ACL file")
                    .startsWith("user default off\nuser wif-broker on >" + password + " resetkeys");

            JsonNode broker = Manifests.container(Manifests.one("broker", "Deployment"), "broker");
            assertThat(Manifests.env(broker, "QUARKUS_TLS_REDIS_HOSTNAME_VERIFICATION_ALGORITHM")).isEqualTo("HTTPS");
            RedisCredentials credentials = RedisCredentials.read(Optional.of(auth.resolve("username")),
                    Optional.of(auth.resolve("password"))).orElseThrow();
            try (RedisReplicas replicas = new RedisReplicas(() -> {
                RedisOptions options = new RedisOptions().setConnectionString("rediss://127.0.0.1:" + port).setNetClientOptions(
                        new NetClientOptions().setHostnameVerificationAlgorithm("HTTPS")
                                .setTrustOptions(new PemTrustOptions().addCertPath(tls.resolve("ca.crt").toString())));
                RedisTlsCheck.check(options);
                credentials.applyTo(options);
                return options;
            })) {
                long millis = RedisStateConformance.assertBrokerStateWorks(replicas);
                System.out.printf("shipped redis: revocation reached the other replica in %d ms%n", millis);
            }
            try (Stream<Path> aof = Files.walk(root.resolve("data"))) {
                assertThat(aof.map(Path::toString)).as("append-only file written").anyMatch(p -> p.contains(".aof"));
            }
            try (RedisReplicas anonymous = new RedisReplicas(() -> new RedisOptions().setConnectionString("rediss://127.0.0.1:" + port)
                    .setNetClientOptions(new NetClientOptions().setHostnameVerificationAlgorithm("HTTPS")
                            .setTrustOptions(new PemTrustOptions().addCertPath(tls.resolve("ca.crt").toString()))))) {
                assertThat(anonymous.calls(RedisStateConformance.TIMEOUT).problem()).as("the default user is off")
                        .containsAnyOf("NOAUTH", "WRONGPASS", "NOPERM");
            }
        } finally {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private static void awaitListening(Process process, int port, Path root) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the shipped redis exited: " + Files.readString(root.resolve("redis.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("the shipped redis is not listening: " + Files.readString(root.resolve("redis.log")));
    }
}
