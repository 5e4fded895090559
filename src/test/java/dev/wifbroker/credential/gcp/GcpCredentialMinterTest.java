package dev.wifbroker.credential.gcp;

import static dev.wifbroker.testing.LoggedForm.form;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.IssuedTokens;
import dev.wifbroker.credential.MemoryIssuedTokens;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.BrokerKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Google STS and IAM Credentials stood in for by WireMock, in their documented wire formats. */
class GcpCredentialMinterTest {
    static final String PROVIDER = "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci-pool/providers/broker";
    static final String SA = "deployer@proj.iam.gserviceaccount.com";
    static final String IAM_PATH = "/v1/projects/-/serviceAccounts/" + SA + ":generateAccessToken";
    static final String STS_OK = """
            {"access_token":"ya29.federated-token","issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
             "token_type":"Bearer","expires_in":3599}""";
    static final Grant REQUEST = new Grant("deploy", "github:repo:acme/api:ref:refs/heads/main",
            "https://token.actions.githubusercontent.com", "repo:acme/api:ref:refs/heads/main", Map.of(), List.of(), null);

    static WireMockServer google;
    static BrokerKeys broker;
    final List<Duration> waits = new ArrayList<>();
    IssuedTokens issued = new MemoryIssuedTokens(Clock.systemUTC(), 100);

    @BeforeAll
    static void start() {
        google = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        google.start();
        broker = new BrokerKeys();
    }

    @AfterAll
    static void stop() {
        google.stop();
    }

    @BeforeEach
    void reset() {
        google.resetAll();
        waits.clear();
    }

    GcpCredentialMinter minter(UpstreamRetry.Policy retry) {
        GcpSettings settings = new GcpSettings(google.baseUrl() + "/v1/token", google.baseUrl(), Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofSeconds(1), retry);
        return new GcpCredentialMinter(broker.assertions(), settings, new JdkHttpTransport(settings.connectTimeout()),
                new UpstreamRetry("gcp", retry, waits::add), issued);
    }

    GcpCredentialMinter minter() {
        return minter(new UpstreamRetry.Policy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5)));
    }

    static GcpTarget federated() {
        return new GcpTarget(PROVIDER, Optional.empty(), List.of(GcpTarget.CLOUD_PLATFORM), Duration.ofHours(1));
    }

    static GcpTarget impersonating() {
        return new GcpTarget(PROVIDER, Optional.of(SA), List.of("https://www.googleapis.com/auth/devstorage.read_only"),
                Duration.ofMinutes(15));
    }

    @Test
    void an_issued_token_is_remembered_for_introspection_under_the_identity_google_knows() throws Exception {
        google.stubFor(post("/v1/token").willReturn(okJson(STS_OK)));
        google.stubFor(post(urlEqualTo(IAM_PATH)).willReturn(okJson("""
                {"accessToken":"ya29.impersonated","expireTime":"%s"}""".formatted(Instant.now().plusSeconds(900)))));

        IssuedCredential.CloudAccessToken federatedToken = minter().mint(federated(), REQUEST);
        IssuedCredential.CloudAccessToken impersonated = minter().mint(impersonating(), REQUEST);

        assertThat(issued.lookup(federatedToken.token())).hasValueSatisfying(e -> {
            assertThat(e.username()).isEqualTo("principal://iam.googleapis.com/projects/123456789012/locations/global/"
                    + "workloadIdentityPools/ci-pool/subject/role:deploy:github:repo:acme/api:ref:refs/heads/main");
            assertThat(e.clientId()).isEqualTo("deploy");
            assertThat(e.scopes()).containsExactly(GcpTarget.CLOUD_PLATFORM);
            assertThat(e.expiresAt()).isEqualTo(federatedToken.expiresAt());
        });
        assertThat(issued.lookup(impersonated.token())).hasValueSatisfying(e -> assertThat(e.username()).isEqualTo(SA));
        assertThat(issued.lookup("ya29.never-issued")).isEmpty();
    }

    @Test
    void federated_token_comes_from_sts_for_a_verifiable_broker_assertion() throws Exception {
        google.stubFor(post("/v1/token").willReturn(okJson(STS_OK)));

        IssuedCredential.CloudAccessToken token = minter().mint(federated(), REQUEST);

        assertThat(token.cloud()).isEqualTo("gcp");
        assertThat(token.token()).isEqualTo("ya29.federated-token");
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.expiresAt()).isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3600));
        assertThat(token.scopes()).containsExactly(GcpTarget.CLOUD_PLATFORM);

        List<LoggedRequest> calls = google.findAll(postRequestedFor(urlEqualTo("/v1/token")));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> form = form(calls.get(0));
        assertThat(form).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("audience", PROVIDER)
                .containsEntry("scope", GcpTarget.CLOUD_PLATFORM);

        JwtClaims assertion = broker.verify(form.get("subject_token"));
        assertThat(assertion.getIssuer()).isEqualTo(BrokerKeys.ISSUER);
        assertThat(assertion.getAudience()).containsExactly("https:" + PROVIDER);
        assertThat(assertion.getSubject()).isEqualTo("role:deploy:github:repo:acme/api:ref:refs/heads/main");
        assertThat(assertion.getClaimValueAsString("role")).isEqualTo("deploy");
        assertThat(assertion.getExpirationTime().getValue() - assertion.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(assertion.getJwtId()).isNotBlank();
        assertThat(form.get("subject_token").split("\\.")[0]).isEqualTo(
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("{\"alg\":\"RS256\",\"kid\":\"" + new org.jose4j.jws.JsonWebSignature() {{
                            setCompactSerialization(form.get("subject_token"));
                        }}.getKeyIdHeaderValue() + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void impersonation_exchanges_the_federated_token_for_the_service_account_token() throws Exception {
        google.stubFor(post("/v1/token").willReturn(okJson(STS_OK)));
        String expireTime = Instant.now().plus(15, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        google.stubFor(post(urlEqualTo(IAM_PATH))
                .withHeader("Authorization", equalTo("Bearer ya29.federated-token"))
                .withRequestBody(equalToJson("""
                        {"delegates":[],"scope":["https://www.googleapis.com/auth/devstorage.read_only"],"lifetime":"600s"}"""))
                .willReturn(okJson("{\"accessToken\":\"ya29.c.impersonated\",\"expireTime\":\"" + expireTime + "\"}")));

        Grant shorter = new Grant("deploy", REQUEST.workload(), REQUEST.issuerUrl(), REQUEST.subject(),
                Map.of(), List.of(), Duration.ofMinutes(10));
        IssuedCredential.CloudAccessToken token = minter().mint(impersonating(), shorter);

        assertThat(token.token()).isEqualTo("ya29.c.impersonated");
        assertThat(token.expiresAt()).isEqualTo(Instant.parse(expireTime));
        assertThat(token.scopes()).containsExactly("https://www.googleapis.com/auth/devstorage.read_only");
        // STS only needs to let the token reach the IAM Credentials API.
        assertThat(form(google.findAll(postRequestedFor(urlEqualTo("/v1/token"))).get(0)))
                .containsEntry("scope", GcpTarget.CLOUD_PLATFORM);
        google.verify(1, postRequestedFor(urlEqualTo(IAM_PATH)));
    }

    @Test
    void the_role_duration_is_the_impersonated_lifetime_when_none_is_requested() throws Exception {
        google.stubFor(post("/v1/token").willReturn(okJson(STS_OK)));
        google.stubFor(post(urlEqualTo(IAM_PATH)).withRequestBody(equalToJson("{\"lifetime\":\"900s\"}", true, true))
                .willReturn(okJson("{\"accessToken\":\"ya29.c.x\",\"expireTime\":\"2030-01-01T00:15:00Z\"}")));

        assertThat(minter().mint(impersonating(), REQUEST).token()).isEqualTo("ya29.c.x");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("STS 400 invalid_grant -> denied invalid_grant", "/v1/token", 400,
                        "{\"error\":\"invalid_grant\",\"error_description\":\"The audience in ID Token [x] does not match the expected audience [y].\"}",
                        "invalid_grant"),
                Arguments.of("STS 400 invalid_request -> denied invalid_request", "/v1/token", 400,
                        "{\"error\":\"invalid_request\",\"error_description\":\"Invalid value for \\\"audience\\\".\"}",
                        "invalid_request"),
                Arguments.of("STS 401 unauthorized_client -> denied unauthorized_client", "/v1/token", 401,
                        "{\"error\":\"unauthorized_client\",\"error_description\":\"The given credential is rejected by the attribute condition.\"}",
                        "unauthorized_client"),
                Arguments.of("IAM 403 PERMISSION_DENIED -> denied PERMISSION_DENIED", IAM_PATH, 403, """
                        {"error":{"code":403,"message":"Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
                         "status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED",
                         "domain":"iam.googleapis.com","metadata":{"permission":"iam.serviceAccounts.getAccessToken"}}]}}""",
                        "PERMISSION_DENIED"),
                Arguments.of("IAM 404 NOT_FOUND -> denied NOT_FOUND", IAM_PATH, 404,
                        "{\"error\":{\"code\":404,\"message\":\"Not found; Gaia id not found for email x\",\"status\":\"NOT_FOUND\"}}",
                        "NOT_FOUND"),
                Arguments.of("IAM 400 INVALID_ARGUMENT -> denied INVALID_ARGUMENT", IAM_PATH, 400,
                        "{\"error\":{\"code\":400,\"message\":\"Request contains an invalid argument.\",\"status\":\"INVALID_ARGUMENT\"}}",
                        "INVALID_ARGUMENT"),
                Arguments.of("STS 403 with an HTML body -> denied http 403", "/v1/token", 403, "<html>Forbidden</html>", "http 403"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void a_refusal_is_denied_with_googles_code_never_its_body(String name, String path, int status, String body, String code) {
        google.stubFor(post("/v1/token").atPriority(5).willReturn(okJson(STS_OK)));
        google.stubFor(post(urlEqualTo(path)).atPriority(1)
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));

        assertThatThrownBy(() -> minter().mint(impersonating(), REQUEST))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_DENIED);
                    assertThat(e.upstreamCode()).isEqualTo(code);
                    assertThat(e.getMessage()).doesNotContain("denied on resource", "audience in ID Token", "Forbidden");
                });
        google.verify(1, postRequestedFor(urlEqualTo(path)));
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of("STS 503 -> unavailable after every attempt", "/v1/token",
                        aResponse().withStatus(503).withBody("{\"error\":\"temporarily_unavailable\"}"), "temporarily_unavailable"),
                Arguments.of("STS 500 without a JSON body -> unavailable http 500", "/v1/token",
                        aResponse().withStatus(500).withBody("oops"), "http 500"),
                Arguments.of("IAM 429 RESOURCE_EXHAUSTED -> unavailable", IAM_PATH,
                        aResponse().withStatus(429).withHeader("Content-Type", "application/json").withBody(
                                "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}}"),
                        "RESOURCE_EXHAUSTED"),
                Arguments.of("IAM 503 UNAVAILABLE -> unavailable", IAM_PATH,
                        aResponse().withStatus(503).withBody("{\"error\":{\"code\":503,\"status\":\"UNAVAILABLE\"}}"), "UNAVAILABLE"),
                Arguments.of("STS slower than the read timeout -> unavailable timeout", "/v1/token",
                        okJson(STS_OK).withFixedDelay(2500), "timeout"),
                Arguments.of("STS resets the connection -> unavailable network error", "/v1/token",
                        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "network error"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outages")
    void throttling_5xx_and_network_errors_are_retried_then_unavailable(String name, String path,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response, String what) {
        google.stubFor(post("/v1/token").atPriority(5).willReturn(okJson(STS_OK)));
        google.stubFor(post(urlEqualTo(path)).atPriority(1).willReturn(response));

        assertThatThrownBy(() -> minter().mint(impersonating(), REQUEST))
                .isInstanceOfSatisfying(UpstreamException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
                    assertThat(e.upstreamCode()).isEqualTo(what);
                    assertThat(e.retryAfter()).isPresent();
                });
        google.verify(3, postRequestedFor(urlEqualTo(path)));
        assertThat(waits).hasSize(2).allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(Duration.ofMillis(40)));
    }

    @Test
    void a_transient_failure_then_success_yields_the_token() throws Exception {
        google.stubFor(post("/v1/token").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        google.stubFor(post("/v1/token").inScenario("flaky").whenScenarioStateIs("recovered").willReturn(okJson(STS_OK)));

        assertThat(minter().mint(federated(), REQUEST).token()).isEqualTo("ya29.federated-token");
        google.verify(2, postRequestedFor(urlEqualTo("/v1/token")));
    }

    @Test
    void retries_stop_at_the_total_time_bound() throws Exception {
        google.stubFor(post("/v1/token").willReturn(okJson(STS_OK)));
        minter().mint(federated(), REQUEST); // warm up: class loading must not count against the bound
        google.resetAll();
        google.stubFor(post("/v1/token").willReturn(aResponse().withStatus(503).withFixedDelay(200)));
        UpstreamRetry.Policy bounded = new UpstreamRetry.Policy(10, Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofMillis(700));

        long start = System.nanoTime();
        assertThatThrownBy(() -> minter(bounded).mint(federated(), REQUEST)).isInstanceOf(UpstreamException.class);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(google.findAll(postRequestedFor(urlEqualTo("/v1/token")))).hasSizeBetween(2, 4);
        assertThat(took).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void a_retry_after_from_google_is_honoured_between_attempts() {
        google.stubFor(post("/v1/token").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"error\":\"rate_limited\"}")));

        assertThatThrownBy(() -> minter().mint(federated(), REQUEST))
                .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
        assertThat(waits).isNotEmpty().allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void a_subject_beyond_googles_127_bytes_is_role_and_workload_hash() {
        String longWorkload = "github:" + "repo:acme/" + "x".repeat(200) + ":ref:refs/heads/main";
        String subject = GcpCredentialMinter.subjectOf("deploy", longWorkload);

        assertThat(subject).startsWith("role:deploy:sha256:").hasSizeLessThanOrEqualTo(127);
        assertThat(GcpCredentialMinter.subjectOf("deploy", longWorkload)).isEqualTo(subject);
        assertThat(GcpCredentialMinter.subjectOf("deploy", "k8s:system:serviceaccount:payments:api"))
                .isEqualTo("role:deploy:k8s:system:serviceaccount:payments:api");
    }

    @Test
    void a_google_429_with_an_http_date_retry_after_beyond_the_deadline_is_passed_on_without_waiting() {
        String in30s = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(30).atOffset(java.time.ZoneOffset.UTC));
        google.stubFor(post("/v1/token").willReturn(aResponse().withStatus(429).withHeader("Retry-After", in30s)
                .withBody("{\"error\":\"RESOURCE_EXHAUSTED\"}")));

        assertThatThrownBy(() -> minter().mint(federated(), REQUEST)).isInstanceOfSatisfying(UpstreamException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
            assertThat(e.retryAfter().orElseThrow().toSeconds()).isBetween(27L, 30L);
        });
        google.verify(1, postRequestedFor(urlEqualTo("/v1/token")));
        assertThat(waits).isEmpty();
    }

    @Test
    void a_google_sts_stalling_mid_body_is_cut_within_the_default_mint_deadline() throws Exception {
        try (dev.wifbroker.testing.StallingServer stalled = new dev.wifbroker.testing.StallingServer(
                dev.wifbroker.testing.StallingServer.Mode.STALL_BODY, STS_OK, 60_000)) {
            GcpSettings defaults = GcpSettings.defaults();
            GcpSettings settings = new GcpSettings(stalled.baseUrl() + "/v1/token", stalled.baseUrl(),
                    defaults.assertionLifetime(), defaults.connectTimeout(), defaults.readTimeout(), defaults.retry());
            GcpCredentialMinter minter = new GcpCredentialMinter(broker.assertions(), settings,
                    new JdkHttpTransport(settings.connectTimeout()), new UpstreamRetry("gcp", settings.retry()), issued);
            long start = System.nanoTime();

            assertThatThrownBy(() -> minter.mint(federated(), REQUEST)).isInstanceOfSatisfying(UpstreamException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
                assertThat(e.upstreamCode()).isEqualTo("timeout");
            });

            long took = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("FAULT %-34s 503 upstream_unavailable (timeout), %d attempts %6d ms%n",
                    "Google STS body stalled", stalled.connections(), took);
            // Before: the body read had no bound at all; now two 2 s attempts fill the 4 s deadline.
            assertThat(took).isBetween(3_000L, 6_500L);
            assertThat(stalled.connections()).isBetween(1, 3);
        }
    }
}
