package dev.wifbroker.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.credential.internal.MintRequest;
import dev.wifbroker.crypto.NativeProvider;
import dev.wifbroker.keys.JwksVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code auto} where the native provider cannot load (simulated through the {@link NativeProvider} seam): the broker
 * starts on the JDK providers, signs and serves as usual, and liveness and the gauge say {@code jdk} and why. The
 * one log line is asserted in {@code CryptoProvidersTest}.
 */
@QuarkusTest
@TestProfile(CryptoFallbackTest.NoNativeLibrary.class)
class CryptoFallbackTest {
    static final String REASON = "simulated: the ACCP native library did not load";

    public static class NoNativeLibrary implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(Unloadable.class);
        }
    }

    @Alternative
    @Singleton
    public static class Unloadable implements NativeProvider {
        @Override
        public Provider load() throws Unavailable {
            throw new Unavailable(REASON, null);
        }
    }

    @Inject
    MeterRegistry meters;

    @Inject
    InternalTokenMinter minter;

    @Inject
    Clock clock;

    @Test
    void liveness_says_jdk_and_why() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'crypto' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'crypto' }.data.provider", equalTo("jdk"))
                .body("checks.find { it.name == 'crypto' }.data.native", equalTo(false))
                .body("checks.find { it.name == 'crypto' }.data.fallbackReason", equalTo(REASON));
        assertThat(meters.find("broker.crypto.provider.info").tag("provider", "jdk").gauge()).isNotNull();
        assertThat(meters.find("broker.crypto.provider.info").tag("provider", "AmazonCorrettoCryptoProvider").gauge()).isNull();
    }

    @Test
    void the_broker_runs_on_the_jdk_providers() throws Exception {
        List<String> names = Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
        assertThat(names).doesNotContain("AmazonCorrettoCryptoProvider");
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        String token = minter.mint(new MintRequest("workload", "payments-api", List.of("read"), Duration.ofMinutes(5),
                Map.of(), "https://kubernetes.default.svc", "workload", "payments-deploy", null)).token();
        assertThat(JwksVerifier.verify(token, jwks, clock.instant()).getSubject()).isEqualTo("workload");
    }
}
