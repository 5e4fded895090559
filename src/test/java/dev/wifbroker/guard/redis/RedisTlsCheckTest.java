package dev.wifbroker.guard.redis;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.RedisOptions;
import org.junit.jupiter.api.Test;

/** A TLS connection to Redis must authenticate the server: a trusted CA and the host name checked. */
class RedisTlsCheckTest {

    private static RedisOptions options(String uri, NetClientOptions net) {
        return new RedisOptions().setConnectionString(uri).setNetClientOptions(net);
    }

    @Test
    void tlsWithTheHostNameCheckedIsAccepted() {
        assertThatCode(() -> RedisTlsCheck.check(options("rediss://redis:6379", new NetClientOptions()
                .setHostnameVerificationAlgorithm("HTTPS")))).doesNotThrowAnyException();
    }

    @Test
    void tlsWithoutAHostNameCheckIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> RedisTlsCheck.check(options("rediss://redis:6379", new NetClientOptions())))
                .hasMessageContaining("without a host name check")
                .hasMessageContaining("quarkus.tls.<name>.hostname-verification-algorithm=HTTPS");
    }

    @Test
    void tlsTrustingEveryCertificateIsRefused() {
        assertThatThrownBy(() -> RedisTlsCheck.check(options("rediss://redis:6379", new NetClientOptions().setTrustAll(true)
                .setHostnameVerificationAlgorithm("HTTPS")))).hasMessageContaining("trust-all");
    }

    @Test
    void plaintextEndpointsAreLeftToTheNetworkPolicy() {
        assertThatCode(() -> RedisTlsCheck.check(options("redis://127.0.0.1:6379", new NetClientOptions().setTrustAll(true))))
                .doesNotThrowAnyException();
    }
}
