package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.RedisServer;
import dev.wifbroker.testing.TestCa;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's Redis code over TLS to a redis-server that has no plaintext port: it works when the client
 * trusts the server's CA and checks its name, and fails closed (no plaintext fallback) otherwise.
 */
class RedisTlsTest {
    private static TestCa ca;
    private static RedisServer server;
    private static RedisServer misnamed;

    @BeforeAll
    static void start() {
        ca = TestCa.create("wif-test-redis-ca");
        server = RedisServer.startTls(ca.issue("redis", "ip:127.0.0.1,dns:localhost"));
        misnamed = RedisServer.startTls(ca.issue("elsewhere", "dns:redis.elsewhere.example"));
    }

    @AfterAll
    static void stop() {
        server.close();
        misnamed.close();
    }

    private static RedisOptions trusting(String uri, Path caPem, String hostnameVerification) {
        NetClientOptions net = new NetClientOptions().setHostnameVerificationAlgorithm(hostnameVerification);
        if (caPem != null) {
            net.setTrustOptions(new PemTrustOptions().addCertPath(caPem.toString()));
        }
        return new RedisOptions().setConnectionString(uri).setNetClientOptions(net);
    }

    private static String problem(RedisOptions options) {
        try (RedisReplicas replicas = new RedisReplicas(() -> options)) {
            return replicas.calls(RedisStateConformance.TIMEOUT).problem();
        }
    }

    @Test
    void everyBrokerOperationWorksOverTlsWithTheCaTrustedAndTheNameChecked() throws Exception {
        assertThat(server.uri()).startsWith("rediss://");
        try (RedisReplicas replicas = new RedisReplicas(() -> trusting(server.uri(), ca.certificate(), "HTTPS"))) {
            long millis = RedisStateConformance.assertBrokerStateWorks(replicas);
            System.out.printf("tls: revocation reached the other replica in %d ms%n", millis);
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCaFailsClosed() {
        TestCa other = TestCa.create("some-other-ca");
        assertThat(problem(trusting(server.uri(), other.certificate(), "HTTPS"))).as("another CA").contains("PKIX path building failed");
        assertThat(problem(trusting(server.uri(), null, "HTTPS"))).as("the JVM's default trust").contains("PKIX path building failed");
    }

    @Test
    void aPlaintextClientGetsNoAnswerFromTheTlsPort() {
        String plain = server.uri().replace("rediss://", "redis://");
        assertThat(problem(new RedisOptions().setConnectionString(plain))).startsWith("redis unavailable");
    }

    @Test
    void aCertificateForAnotherNameIsRefusedOnlyWhenTheNameIsChecked() {
        assertThat(problem(trusting(misnamed.uri(), ca.certificate(), "HTTPS"))).as("HTTPS verification")
                .contains("No subject alternative names matching IP address 127.0.0.1");
        assertThat(problem(trusting(misnamed.uri(), ca.certificate(), ""))).as("no name check: why the setting matters")
                .isNull();
    }
}
