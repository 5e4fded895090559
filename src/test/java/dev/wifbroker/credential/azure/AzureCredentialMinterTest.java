package dev.wifbroker.credential.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.BrokerKeys;
import dev.wifbroker.testing.EntraStub;
import dev.wifbroker.testing.LoopbackTls;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Entra ID stood in for by WireMock over https, in its documented wire format. */
class AzureCredentialMinterTest {
    static final String SCOPE = "https://management.azure.com/.default";
    static final AzureTarget TOKEN_MODE = new AzureTarget(EntraStub.TENANT, EntraStub.CLIENT, SCOPE, AzureTarget.Mode.TOKEN,
            Duration.ofMinutes(10));
    static final AzureTarget ASSERTION_MODE = new AzureTarget(EntraStub.TENANT, EntraStub.CLIENT, null,
            AzureTarget.Mode.ASSERTION, Duration.ofMinutes(10));
    static final Grant REQUEST = new Grant("deploy", "github:repo:acme/api:ref:refs/heads/main",
            "https://token.actions.githubusercontent.com", "repo:acme/api:ref:refs/heads/main", Map.of(), List.of(), null);

    static WireMockServer entra;
    static BrokerKeys broker;
    final List<Duration> waits = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        entra = EntraStub.start();
        broker = new BrokerKeys();
        // Warm up (class loading, TLS): the first call must not trip the tests' short read timeout.
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK)));
        new AzureCredentialMinterTest().minter().token(TOKEN_MODE, REQUEST);
    }

    @AfterAll
    static void stop() {
        entra.stop();
    }

    @BeforeEach
    void reset() {
        entra.resetAll();
        waits.clear();
    }

    AzureCredentialMinter minter() {
        UpstreamRetry.Policy retry = new UpstreamRetry.Policy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));
        AzureSettings settings = new AzureSettings(EntraStub.authorityHost(entra), false, "api://AzureADTokenExchange",
                Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofMillis(800), retry);
        return new AzureCredentialMinter(broker.assertions(), settings, new UpstreamRetry("azure", retry, waits::add),
                new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(LoopbackTls.sslContext())));
    }

    @Test
    void token_mode_redeems_a_verifiable_broker_assertion_at_entra() throws Exception {
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK)));

        IssuedCredential.CloudAccessToken token = minter().token(TOKEN_MODE, REQUEST);

        assertThat(token.cloud()).isEqualTo("azure");
        assertThat(token.token()).isEqualTo("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra.token");
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresAt()).isBetween(Instant.now().plusSeconds(3580), Instant.now().plusSeconds(3600));
        assertThat(token.scopes()).containsExactly(SCOPE);

        List<LoggedRequest> calls = entra.findAll(postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
        assertThat(calls).hasSize(1);
        Map<String, String> form = EntraStub.form(calls.get(0));
        assertThat(form).containsEntry("grant_type", "client_credentials")
                .containsEntry("client_id", EntraStub.CLIENT)
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        assertThat(form.get("scope")).contains(SCOPE);

        JwtClaims assertion = broker.verify(form.get("client_assertion"));
        assertThat(assertion.getIssuer()).isEqualTo(BrokerKeys.ISSUER);
        assertThat(assertion.getSubject()).isEqualTo("deploy");
        assertThat(assertion.getAudience()).containsExactly("api://AzureADTokenExchange");
        assertThat(assertion.getExpirationTime().getValue() - assertion.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(assertion.getClaimValueAsString("workload")).isEqualTo(REQUEST.workload());
        // Nothing but the token endpoint: no instance discovery, no metadata.
        entra.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void assertion_mode_returns_the_entra_ready_assertion_for_the_role_duration() throws Exception {
        IssuedCredential.Assertion assertion = minter().assertion(ASSERTION_MODE, REQUEST);

        JwtClaims claims = broker.verify(assertion.token());
        assertThat(claims.getIssuer()).isEqualTo(BrokerKeys.ISSUER);
        assertThat(claims.getSubject()).isEqualTo("deploy");
        assertThat(claims.getAudience()).containsExactly("api://AzureADTokenExchange");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(600);
        assertThat(assertion.audience()).isEqualTo("api://AzureADTokenExchange");
        assertThat(assertion.expiresAt().getEpochSecond()).isEqualTo(claims.getExpirationTime().getValue());
        assertThat(assertion.token().split("\\.")[0]).isNotEmpty();
        entra.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void assertion_mode_honours_a_shorter_requested_lifetime() throws Exception {
        Grant shorter = new Grant("deploy", REQUEST.workload(), REQUEST.issuerUrl(), REQUEST.subject(),
                Map.of(), List.of(), Duration.ofMinutes(3));
        JwtClaims claims = broker.verify(minter().assertion(ASSERTION_MODE, shorter).token());
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(180);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("issuer mismatch -> denied AADSTS700211", 400, EntraStub.error("invalid_client", "AADSTS700211",
                        "No matching federated identity record found for presented assertion issuer 'https://broker.example.com'."),
                        "AADSTS700211"),
                Arguments.of("subject mismatch -> denied AADSTS700213", 400, EntraStub.error("invalid_client", "AADSTS700213",
                        "No matching federated identity record found for presented assertion subject 'deploy'."), "AADSTS700213"),
                Arguments.of("expired assertion -> denied AADSTS700024", 400, EntraStub.error("invalid_client", "AADSTS700024",
                        "Client assertion is not within its valid time range."), "AADSTS700024"),
                Arguments.of("unknown app -> denied AADSTS700016", 400, EntraStub.error("unauthorized_client", "AADSTS700016",
                        "Application with identifier 'x' was not found in the directory 'y'."), "AADSTS700016"),
                Arguments.of("bad scope -> denied AADSTS1002012", 400, EntraStub.error("invalid_scope", "AADSTS1002012",
                        "The provided value for scope x is not valid."), "AADSTS1002012"),
                Arguments.of("401 invalid_client -> denied AADSTS7000215", 401, EntraStub.error("invalid_client", "AADSTS7000215",
                        "Invalid client secret provided."), "AADSTS7000215"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void an_entra_refusal_is_denied_with_its_aadsts_code_never_its_body(String name, int status, String body, String code) {
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body)));

        assertThatThrownBy(() -> minter().token(TOKEN_MODE, REQUEST))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_DENIED);
                    assertThat(e.upstreamCode()).isEqualTo(code);
                    assertThat(e.getMessage()).doesNotContain("federated identity record", "Trace ID", "not within");
                });
        entra.verify(1, postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                // With Retry-After, MSAL leaves the retrying to the broker (without, it retries a 5xx once itself, 1 s later).
                Arguments.of("503 -> unavailable after every attempt", aResponse().withStatus(503).withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json").withBody(EntraStub.error("temporarily_unavailable",
                                "AADSTS90033", "A transient error has occurred. Please try again.")), "AADSTS90033"),
                Arguments.of("429 -> unavailable after every attempt", aResponse().withStatus(429).withHeader("Retry-After", "0")
                        .withHeader("Content-Type", "application/json").withBody(EntraStub.error("temporarily_unavailable",
                                "AADSTS50196", "The server terminated an operation because it encountered a client request loop.")),
                        "AADSTS50196"),
                Arguments.of("slower than the read timeout -> unavailable timeout", okJson(EntraStub.TOKEN_OK).withFixedDelay(1500),
                        "timeout"),
                Arguments.of("connection reset -> unavailable network error", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
                        "network error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outages")
    void throttling_5xx_and_network_errors_are_retried_then_unavailable(String name,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response, String what) {
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(response));

        assertThatThrownBy(() -> minter().token(TOKEN_MODE, REQUEST))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
                    assertThat(e.upstreamCode()).isEqualTo(what);
                });
        entra.verify(3, postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
        assertThat(waits).hasSize(2);
    }

    @Test
    void a_transient_failure_then_success_yields_the_token() throws Exception {
        entra.stubFor(post(EntraStub.TOKEN_PATH).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")).willSetStateTo("recovered"));
        entra.stubFor(post(EntraStub.TOKEN_PATH).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(EntraStub.TOKEN_OK)));

        assertThat(minter().token(TOKEN_MODE, REQUEST).token()).endsWith(".entra.token");
        entra.verify(2, postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
    }

    @Test
    void an_entra_429_retry_after_is_passed_on_and_not_waited_for_past_the_deadline() {
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")
                .withHeader("Content-Type", "application/json").withBody(EntraStub.error("temporarily_unavailable",
                        "AADSTS50196", "The server terminated an operation because it encountered a client request loop."))));

        assertThatThrownBy(() -> minter().token(TOKEN_MODE, REQUEST)).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
        });
        entra.verify(1, postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
    }

    @Test
    void a_hanging_entra_is_cut_at_the_default_mint_deadline() {
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK).withFixedDelay(20_000)));
        UpstreamRetry.Policy production = new UpstreamRetry.Policy(4, Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(4));
        AzureSettings settings = new AzureSettings(EntraStub.authorityHost(entra), false, "api://AzureADTokenExchange",
                Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(2), production);
        AzureCredentialMinter minter = new AzureCredentialMinter(broker.assertions(), settings,
                new UpstreamRetry("azure", production), new JdkHttpClientBuilder(HttpClient.newBuilder()
                        .sslContext(LoopbackTls.sslContext())));
        long start = System.nanoTime();

        assertThatThrownBy(() -> minter.token(TOKEN_MODE, REQUEST)).isInstanceOfSatisfying(UpstreamException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE));

        long took = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("FAULT %-34s 503 upstream_unavailable, %d calls %6d ms%n", "Entra hanging",
                entra.findAll(postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH))).size(), took);
        // Before: 10 s read timeout per attempt within a 15 s budget.
        assertThat(took).isBetween(3_000L, 6_500L);
    }
}
