package dev.wifbroker.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.security.Security;
import org.junit.jupiter.api.Test;

/** With the default {@code broker.crypto.provider=auto} on a platform with ACCP: liveness and a gauge name it. */
@QuarkusTest
class CryptoHealthTest {
    @Inject
    MeterRegistry meters;

    @Test
    void liveness_names_the_native_provider_in_force() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'crypto' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'crypto' }.data.provider", equalTo("AmazonCorrettoCryptoProvider 2.5.0"))
                .body("checks.find { it.name == 'crypto' }.data.native", equalTo(true))
                .body("checks.find { it.name == 'crypto' }.data.requested", equalTo("auto"))
                .body("checks.find { it.name == 'crypto' }.data.fallbackReason", nullValue());
        assertThat(Security.getProviders()[0].getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    }

    @Test
    void a_gauge_names_it_too() {
        assertThat(meters.find("broker.crypto.provider.info").tag("provider", "AmazonCorrettoCryptoProvider")
                .tag("version", "2.5.0").gauge()).isNotNull().extracting(g -> g.value()).isEqualTo(1.0);
    }
}
