package dev.wifbroker.api.wellknown;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.credential.internal.MintRequest;
import dev.wifbroker.credential.internal.MintedToken;
import dev.wifbroker.keys.JwksVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** Runs with the default configuration (no test profile, so no extra Quarkus restart in the suite). */
@QuarkusTest
class WellKnownResourceTest {
    /** The configured default {@code broker.issuer-url}. */
    static final String ISSUER = "http://127.0.0.1:8080";

    @Inject
    InternalTokenMinter minter;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    @Test
    void the_discovery_document_points_at_the_broker_jwks_and_token_endpoint() {
        given().get("/.well-known/openid-configuration").then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "public, max-age=300")
                .body("issuer", equalTo(ISSUER))
                .body("jwks_uri", equalTo(ISSUER + "/.well-known/jwks.json"))
                .body("token_endpoint", equalTo(ISSUER + "/v1/token"))
                .body("response_types_supported", contains("id_token"))
                .body("subject_types_supported", contains("public"))
                .body("id_token_signing_alg_values_supported", containsInAnyOrder("ES256", "RS256", "EdDSA"))
                .body("grant_types_supported", contains("urn:ietf:params:oauth:grant-type:token-exchange"))
                .body("token_endpoint_auth_methods_supported", contains("none"));
    }

    @Test
    void rfc8414_metadata_is_served_with_the_same_fields() {
        String oidc = given().get("/.well-known/openid-configuration").asString();
        given().get("/.well-known/oauth-authorization-server").then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "public, max-age=300")
                .body("issuer", equalTo(ISSUER)).body("token_endpoint", equalTo(ISSUER + "/v1/token"))
                .body("token_endpoint_auth_methods_supported", contains("none"));
        assertThat(given().get("/.well-known/oauth-authorization-server").asString()).isEqualTo(oidc);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "If-None-Match {0} -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "W/TAG | 304", "TAG | 304", "\"other\", TAG | 304", "\"other\",W/TAG | 304", "* | 304",
            "\"other\" | 200", "W/\"other\" | 200"})
    void if_none_match_compares_weakly_lists_and_star(String header, int status) {
        String etag = given().get("/.well-known/jwks.json").header("ETag");
        given().header("If-None-Match", header.replace("TAG", etag)).get("/.well-known/jwks.json").then().statusCode(status);
    }

    @Test
    void the_jwks_is_cacheable_revalidatable_and_public_only() {
        Response response = given().get("/.well-known/jwks.json");
        response.then()
                .statusCode(200)
                .contentType("application/json")
                .header("Cache-Control", "public, max-age=300")
                .body("keys", hasSize(3))
                .body("keys.alg", containsInAnyOrder("ES256", "RS256", "EdDSA"))
                .body("keys.use", contains("sig", "sig", "sig"));
        assertThat(response.asString()).doesNotContain("\"d\"");
        String etag = response.header("ETag");
        assertThat(etag).isNotBlank();

        given().header("If-None-Match", etag).get("/.well-known/jwks.json").then()
                .statusCode(304)
                .header("ETag", etag);
    }

    @Test
    void a_token_minted_by_the_running_broker_verifies_against_its_served_jwks() throws Exception {
        MintedToken minted = minter.mint(new MintRequest("system:serviceaccount:pay:deployer", "payments-api", List.of("refunds:write"),
                Duration.ofMinutes(5), Map.of(), "https://kubernetes.default.svc", "system:serviceaccount:pay:deployer", "payments-deploy",
                null));
        String jwks = given().get("/.well-known/jwks.json").asString();

        JwtClaims claims = JwksVerifier.verify(minted.token(), jwks, clock.instant());

        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly("payments-api");
    }

    @Test
    void key_ring_meters_report_the_published_keys_and_the_active_keys_age() {
        assertThat(meters.get("broker.keys.published").gauge().value()).isEqualTo(3.0);
        assertThat(meters.get("broker.keys.active.age.seconds").tag("alg", "RS256").gauge().value()).isBetween(0.0, 600.0);
        assertThat(meters.get("broker.keys.rotation.failures").counter().count()).isZero();
    }
}
