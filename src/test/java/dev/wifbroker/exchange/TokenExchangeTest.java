package dev.wifbroker.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.credential.CloudAssertionSigner;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.admin.AdminTokenMinter;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.MemoryIssuedTokens;
import dev.wifbroker.credential.TargetMinters;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.credential.aws.AwsCredentialMinter;
import dev.wifbroker.credential.aws.AwsSettings;
import dev.wifbroker.credential.azure.AzureCredentialMinter;
import dev.wifbroker.credential.azure.AzureSettings;
import dev.wifbroker.credential.gcp.GcpCredentialMinter;
import dev.wifbroker.credential.gcp.GcpSettings;
import dev.wifbroker.credential.gcp.GcpTarget;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.MemoryAdmissionGuard;
import dev.wifbroker.guard.MemoryRateLimiter;
import dev.wifbroker.guard.MemoryReplayGuard;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.identity.KeySources;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.jwks.JwksHttpClient;
import dev.wifbroker.identity.jwks.JwksSettings;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.TestConfigs;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TokenExchange} wired by hand, without Quarkus: a real verifier over a pinned-key Kubernetes issuer, the real
 * policy runtime on a temporary directory, the memory admission guard, revocations, the internal minter on a memory
 * key ring, and a scripted GCP minter where a cloud would be called. Each stage's outcome, and exactly one audit event
 * per exchange.
 */
class TokenExchangeTest {
    private static final String ISSUER = "https://kubernetes.exchange.test";
    private static final String AUDIENCE = "https://broker.example.com";
    private static final String SUBJECT = "system:serviceaccount:payments:api";
    private static final String LOOPBACK = "http://127.0.0.1:9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UpstreamRetry.Policy RETRY = new UpstreamRetry.Policy(1, Duration.ofMillis(10), Duration.ofMillis(10),
            Duration.ofMillis(100));

    @TempDir
    Path policyDir;

    private final Clock clock = Clock.systemUTC();
    private final PublicJsonWebKey key = TestKeys.ec("exchange-ec");
    private final ExecutorService fetches = Executors.newCachedThreadPool();
    private final ScheduledExecutorService refreshes = Executors.newSingleThreadScheduledExecutor();
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Handler auditHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Revocations revocations;
    private ScriptedGcp gcp;

    @BeforeEach
    void policy() throws Exception {
        Files.createDirectories(policyDir.resolve("issuers"));
        Files.createDirectories(policyDir.resolve("roles"));
        Files.writeString(policyDir.resolve("issuers/cluster.yaml"), """
                name: cluster
                profile: kubernetes
                url: %s
                audiences: [%s]
                algorithms: [ES256]
                replay: reject
                jwks:
                  inline: %s
                """.formatted(ISSUER, AUDIENCE, TestKeys.jwks(List.of(key))));
        String trust = """
                trust:
                  - issuer: cluster
                    claims: {namespace: payments, service_account: api}
                """;
        Files.writeString(policyDir.resolve("roles/orders.yaml"), "role: orders\n" + trust + """
                credentials:
                  internal:
                    audience: orders-api
                    scopes: [orders.read, orders.write]
                    duration: 10m
                    algorithm: ES256
                """);
        Files.writeString(policyDir.resolve("roles/deploy.yaml"), "role: deploy\n" + trust + """
                credentials:
                  gcp:
                    workloadIdentityProvider: "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci-pool/providers/broker"
                    serviceAccount: deployer@proj.iam.gserviceaccount.com
                    scopes: [https://www.googleapis.com/auth/cloud-platform]
                    duration: 30m
                """);
        Logger.getLogger(AuditLog.CATEGORY).addHandler(auditHandler);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(AuditLog.CATEGORY).removeHandler(auditHandler);
        fetches.shutdownNow();
        refreshes.shutdownNow();
    }

    /** The exchange with the given per-identity burst (a long refill, so the burst is all there is). */
    private TokenExchange exchange(int identityBurst) {
        return exchange(identityBurst, new MemoryAdmissionGuard(new MemoryReplayGuard(clock, 10_000, 300), new MemoryRateLimiter(clock, 1000)));
    }

    private TokenExchange exchange(int identityBurst, AdmissionGuard admission) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        JwksSettings jwks = JwksSettings.defaults();
        KeySources keySources = new KeySources(new JwksHttpClient(jwks, fetches), jwks, clock, refreshes, meters, false);
        AuditLog auditLog = new AuditLog(clock);
        PolicyRuntime policies = new PolicyRuntime(TestConfigs.broker(policyDir, Duration.ofHours(1)), keySources, auditLog, clock, meters, PolicyLoader::load,
                activated -> {});
        assertThat(policies.reload()).as("policy loads: %s", policies.lastError()).isTrue();
        KeyRing ring = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), clock);
        JwtSigner signer = new JwtSigner(ring, clock);
        BrokerIssuer broker = new BrokerIssuer("https://broker.example.com");
        CloudAssertionSigner assertions = new CloudAssertionSigner(signer, broker, clock);
        gcp = new ScriptedGcp(assertions);
        // Never called (no role targets them), but every registered kind needs its minter.
        AwsCredentialMinter aws = new AwsCredentialMinter(signer, broker, clock, AwsSettings.defaults(URI.create(LOOPBACK)));
        AzureCredentialMinter azure = new AzureCredentialMinter(assertions, new AzureSettings("https://127.0.0.1:9", false,
                "api://AzureADTokenExchange", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(1), RETRY),
                new UpstreamRetry("azure", RETRY));
        revocations = new Revocations(clock);
        return new TokenExchange(new TokenVerifier(policies.issuers(), VerifierSettings.defaults(), clock), policies,
                admission, revocations, new TargetMinters(List.of(new InternalTokenMinter(signer, clock, broker), gcp, aws, azure,
                        new AdminTokenMinter(signer, clock, broker, broker.url() + "/admin"))),
                new CredentialCache(clock, 100, Duration.ofMinutes(5), Duration.ofSeconds(5)), auditLog,
                new ShadowOutcomes(new SimpleMeterRegistry()), TestConfigs.limits(0.001, identityBurst, 1000, 1000, 10_000), clock);
    }

    private TokenExchange exchange() {
        return exchange(1000);
    }

    private String token(Consumer<Map<String, Object>> edit) {
        return Tokens.sign(claims(edit), key, "ES256");
    }

    private String token() {
        return token(c -> {});
    }

    private static ExchangeRequest request(String token, String role) {
        return new ExchangeRequest(token, role, Optional.empty(), Optional.empty(), Optional.empty(), "127.0.0.1");
    }

    /** Runs a refused exchange: its reason, and the one deny event under its decision id. */
    private ExchangeFailure refused(TokenExchange exchange, ExchangeRequest request, Reason reason) {
        ExchangeFailure failure = catchThrowableOfType(ExchangeFailure.class, () -> exchange.exchange(request));
        assertThat(failure).as("the exchange is refused").isNotNull();
        assertThat(failure.reason()).isEqualTo(reason);
        JsonNode event = onlyEvent(failure.decisionId());
        assertThat(event.path("outcome").asText()).isEqualTo("deny");
        assertThat(event.path("reason").asText()).isEqualTo(reason.code());
        return failure;
    }

    private JsonNode onlyEvent(String decisionId) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : audit) {
            try {
                JsonNode event = JSON.readTree(line);
                if (decisionId.equals(event.path("decision_id").asText(event.path("decisionId").asText()))) {
                    events.add(event);
                }
            } catch (java.io.IOException notJson) {
                // another record on the audit category
            }
        }
        assertThat(events).as("audit events for decision %s", decisionId).hasSize(1);
        return events.get(0);
    }

    static Stream<Arguments> unverifiableTokens() {
        PublicJsonWebKey stranger = TestKeys.ec("exchange-ec");
        return Stream.of(
                Arguments.of("not a JWT", (TokenSource) t -> "not-a-jwt", Reason.TOKEN_MALFORMED),
                Arguments.of("signed by a key the issuer does not publish under its kid",
                        (TokenSource) t -> Tokens.sign(t.claims(c -> {}), stranger, "ES256"), Reason.SIGNATURE_INVALID),
                Arguments.of("expired", (TokenSource) t -> t.token(c -> {
                    long now = Instant.now().getEpochSecond();
                    c.put("iat", now - 7200);
                    c.put("nbf", now - 7200);
                    c.put("exp", now - 3600);
                }), Reason.TOKEN_EXPIRED),
                Arguments.of("for another audience", (TokenSource) t -> t.token(c -> c.put("aud", List.of("https://other.example"))),
                        Reason.AUDIENCE_MISMATCH),
                Arguments.of("from an issuer the policy does not trust",
                        (TokenSource) t -> t.token(c -> c.put("iss", "https://elsewhere.example")), Reason.ISSUER_NOT_TRUSTED));
    }

    /** Builds a token from the test's fixture (the key and claims live on the instance). */
    @FunctionalInterface
    interface TokenSource {
        String from(TokenExchangeTest test);
    }

    /** Fresh claims of the payments/api service account, with their own jti; {@code edit} changes them. */
    private Map<String, Object> claims(Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("kubernetes/payments-api.json"), Instant.now(), 600);
        claims.put("iss", ISSUER);
        claims.put("jti", UUID.randomUUID().toString());
        edit.accept(claims);
        return claims;
    }

    @ParameterizedTest(name = "a token {0} is refused at verify with {2}, and nothing is minted")
    @MethodSource("unverifiableTokens")
    void a_token_that_does_not_verify_is_refused_before_the_policy_is_asked(String name, TokenSource source, Reason reason) {
        TokenExchange exchange = exchange();
        ExchangeFailure failure = refused(exchange, request(source.from(this), "deploy"), reason);
        assertThat(onlyEvent(failure.decisionId()).path("stage").asText()).isEqualTo("verify");
        assertThat(gcp.grants).isEmpty();
    }

    static Stream<Arguments> policyDenials() {
        return Stream.of(
                Arguments.of("a role the policy does not define", "nowhere",
                        (Consumer<Map<String, Object>>) c -> {}, Reason.UNKNOWN_ROLE),
                Arguments.of("claims no trust rule of the role matches", "deploy",
                        (Consumer<Map<String, Object>>) TokenExchangeTest::inBilling, Reason.NO_MATCHING_RULE));
    }

    /** The service account of the same name in another namespace. */
    @SuppressWarnings("unchecked")
    private static void inBilling(Map<String, Object> claims) {
        claims.put("sub", "system:serviceaccount:billing:api");
        ((Map<String, Object>) claims.get("kubernetes.io")).put("namespace", "billing");
    }

    @ParameterizedTest(name = "{0} -> {3} at decide, nothing minted")
    @MethodSource("policyDenials")
    void a_verified_token_the_policy_denies_is_refused_with_the_policy_reason(String name, String role,
            Consumer<Map<String, Object>> edit, Reason reason) {
        TokenExchange exchange = exchange();
        ExchangeFailure failure = refused(exchange, request(token(edit), role), reason);
        assertThat(onlyEvent(failure.decisionId()).path("stage").asText()).isEqualTo("decide");
        assertThat(gcp.grants).isEmpty();
    }

    static Stream<Arguments> revocations() {
        return Stream.of(Arguments.of("the role", Revocation.Kind.ROLE), Arguments.of("the workload", Revocation.Kind.SUBJECT),
                Arguments.of("the presented token's jti", Revocation.Kind.JTI));
    }

    @ParameterizedTest(name = "a revocation of {0} refuses the exchange before any cloud call")
    @MethodSource("revocations")
    void a_revoked_role_workload_or_token_is_refused_before_the_cloud_is_called(String name, Revocation.Kind kind) {
        TokenExchange exchange = exchange();
        String jti = UUID.randomUUID().toString();
        String value = switch (kind) {
            case ROLE -> "deploy";
            case SUBJECT -> Revocation.subjectKey("cluster", SUBJECT);
            case JTI -> jti;
        };
        revocations.add(kind, value, "incident-42", null);
        ExchangeFailure failure = refused(exchange, request(token(c -> c.put("jti", jti)), "deploy"), Reason.REVOKED);
        assertThat(onlyEvent(failure.decisionId()).path("stage").asText()).isEqualTo("guard");
        assertThat(gcp.grants).isEmpty();
    }

    @Test
    void a_token_of_a_replay_rejecting_issuer_is_exchanged_once() throws Exception {
        TokenExchange exchange = exchange();
        String token = token();
        exchange.exchange(request(token, "orders"));
        ExchangeFailure failure = refused(exchange, request(token, "orders"), Reason.REPLAY_DETECTED);
        assertThat(failure.description()).isEqualTo("this token has already been exchanged");
    }

    @Test
    void a_token_without_jti_from_a_replay_rejecting_issuer_is_refused() {
        TokenExchange exchange = exchange();
        refused(exchange, request(token(c -> c.remove("jti")), "orders"), Reason.REPLAY_DETECTED);
    }

    @Test
    void an_identity_past_its_burst_is_rate_limited_with_a_retry_after() throws Exception {
        TokenExchange exchange = exchange(2);
        exchange.exchange(request(token(), "orders"));
        exchange.exchange(request(token(), "orders"));
        ExchangeFailure failure = refused(exchange, request(token(), "orders"), Reason.RATE_LIMITED);
        assertThat(failure.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
    }

    static Stream<Arguments> cloudFailures() {
        return Stream.of(
                Arguments.of("refuses", UpstreamException.denied("gcp", "PERMISSION_DENIED"), Reason.UPSTREAM_DENIED,
                        Optional.empty()),
                Arguments.of("is unavailable", UpstreamException.unavailable("gcp", "UNAVAILABLE", Duration.ofSeconds(7)),
                        Reason.UPSTREAM_UNAVAILABLE, Optional.of(Duration.ofSeconds(7))));
    }

    @ParameterizedTest(name = "when the cloud {0}: {2}, retry after {3}, and nothing is cached")
    @MethodSource("cloudFailures")
    void a_cloud_minter_failure_becomes_an_upstream_error(String name, UpstreamException cloud, Reason reason,
            Optional<Duration> retryAfter) throws Exception {
        TokenExchange exchange = exchange();
        gcp.failWith = cloud;
        ExchangeFailure failure = refused(exchange, request(token(), "deploy"), reason);
        assertThat(failure.retryAfter()).isEqualTo(retryAfter);
        assertThat(onlyEvent(failure.decisionId()).path("stage").asText()).isEqualTo("mint");

        gcp.failWith = null;
        assertThat(exchange.exchange(request(token(), "deploy")).credential()).isInstanceOf(IssuedCredential.CloudAccessToken.class);
        assertThat(gcp.grants).as("the failure was not cached: the next exchange called the cloud").hasSize(2);
    }

    @Test
    void scopes_beyond_the_role_are_refused_before_anything_is_signed() {
        TokenExchange exchange = exchange();
        ExchangeRequest request = new ExchangeRequest(token(), "orders", Optional.of(Set.of("orders.read", "orders.admin")),
                Optional.empty(), Optional.empty(), "127.0.0.1");
        ExchangeFailure failure = refused(exchange, request, Reason.SCOPE_NOT_ALLOWED);
        assertThat(failure.description()).contains("orders.admin").doesNotContain("orders.read,");
    }

    /** What gcloud asks for through an external_account credential (googlecloudsdk.core.config.CLOUDSDK_SCOPES). */
    static final Set<String> GCLOUD_SCOPES = Set.of("openid", "https://www.googleapis.com/auth/userinfo.email",
            "https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/appengine.admin",
            "https://www.googleapis.com/auth/sqlservice.login", "https://www.googleapis.com/auth/compute");

    @Test
    void a_gcp_target_grants_the_requested_scopes_the_role_has_and_names_the_rest_in_the_audit() throws Exception {
        TokenExchange exchange = exchange();
        ExchangeResult result = exchange.exchange(new ExchangeRequest(token(), "deploy", Optional.of(GCLOUD_SCOPES),
                Optional.empty(), Optional.empty(), "127.0.0.1"));

        assertThat(gcp.grants.get(0).scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform");
        assertThat(result.credential().tokenResponse().scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform");
        JsonNode event = onlyEvent(result.decisionId());
        assertThat(event.path("outcome").asText()).isEqualTo("allow");
        assertThat(event.path("detail").asText()).startsWith("scopes not granted: [")
                .contains("openid", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/compute")
                .doesNotContain("cloud-platform");
    }

    @Test
    void a_gcp_request_for_none_of_the_roles_scopes_is_refused() {
        TokenExchange exchange = exchange();
        ExchangeRequest request = new ExchangeRequest(token(), "deploy",
                Optional.of(Set.of("openid", "https://www.googleapis.com/auth/userinfo.email")), Optional.empty(),
                Optional.empty(), "127.0.0.1");
        ExchangeFailure failure = refused(exchange, request, Reason.SCOPE_NOT_ALLOWED);
        assertThat(failure.description()).contains("openid", "userinfo.email");
        assertThat(gcp.grants).as("nothing was asked of Google").isEmpty();
    }

    @Test
    void an_internal_token_carries_the_grants_narrowed_scopes_and_shorter_lifetime() throws Exception {
        TokenExchange exchange = exchange();
        ExchangeRequest request = new ExchangeRequest(token(), "orders", Optional.of(Set.of("orders.read")),
                Optional.of(Duration.ofMinutes(2)), Optional.empty(), "127.0.0.1");
        ExchangeResult result = exchange.exchange(request);

        assertThat(result.role()).isEqualTo("orders");
        IssuedCredential.InternalToken minted = (IssuedCredential.InternalToken) result.credential();
        assertThat(minted.scopes()).containsExactly("orders.read");
        JsonNode claims = payload(minted.token());
        assertThat(claims.path("scope").asText()).isEqualTo("orders.read");
        assertThat(claims.path("aud").toString()).contains("orders-api");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(120);
        assertThat(claims.path("act").path("sub").asText()).isEqualTo(SUBJECT);
        JsonNode event = onlyEvent(result.decisionId());
        assertThat(event.path("outcome").asText()).isEqualTo("allow");
        assertThat(event.toString()).doesNotContain(minted.token());
    }

    @Test
    void a_cloud_minter_gets_one_grant_and_an_identical_request_is_served_from_the_cache() throws Exception {
        TokenExchange exchange = exchange();
        ExchangeRequest request = new ExchangeRequest(token(), "deploy", Optional.empty(), Optional.of(Duration.ofMinutes(20)),
                Optional.empty(), "127.0.0.1");
        IssuedCredential first = exchange.exchange(request).credential();

        assertThat(gcp.grants).hasSize(1);
        Grant grant = gcp.grants.get(0);
        assertThat(grant.role()).isEqualTo("deploy");
        assertThat(grant.workload()).isEqualTo(Grant.workloadId("cluster", SUBJECT)).isEqualTo("cluster:" + SUBJECT);
        assertThat(grant.issuerUrl()).isEqualTo(ISSUER);
        assertThat(grant.scopes()).containsExactly("https://www.googleapis.com/auth/cloud-platform");
        assertThat(grant.lifetimeFor(gcp.targets.get(0))).isEqualTo(Duration.ofMinutes(20));

        IssuedCredential second = exchange.exchange(new ExchangeRequest(token(), "deploy", Optional.empty(),
                Optional.of(Duration.ofMinutes(20)), Optional.empty(), "127.0.0.1")).credential();
        assertThat(second).isSameAs(first);
        assertThat(gcp.grants).as("one cloud call for two identical requests").hasSize(1);
    }

    @Test
    void an_exchange_that_waits_on_nothing_completes_on_a_thread_that_must_not_wait() throws Exception {
        TokenExchange exchange = exchange();
        Optional<ExchangeResult> done = exchange.exchangeWithoutWaiting(request(token(), "orders"));
        assertThat(done).as("cached keys, memory guard, a token the broker signs").isPresent();
        assertThat(onlyEvent(done.get().decisionId()).path("outcome").asText()).isEqualTo("allow");
        UUID decisionId = UUID.fromString(done.get().decisionId());
        assertThat(decisionId.version()).as("a random UUID").isEqualTo(4);
        assertThat(decisionId.variant()).isEqualTo(2);
    }

    @Test
    void a_cloud_role_is_left_to_a_worker_having_consumed_minted_and_audited_nothing() throws Exception {
        TokenExchange exchange = exchange();
        ExchangeRequest request = request(token(), "deploy");
        assertThat(exchange.exchangeWithoutWaiting(request)).isEmpty();
        assertThat(gcp.grants).isEmpty();
        assertThat(exchangeEvents()).isEmpty();
        // The issuer rejects replays: the worker's run would be refused if the first pass had used the jti.
        assertThat(exchange.exchange(request).role()).isEqualTo("deploy");
    }

    @Test
    void a_shared_state_store_leaves_every_exchange_to_a_worker() throws Exception {
        AdmissionGuard shared = request -> AdmissionGuard.Verdict.ADMITTED;
        TokenExchange exchange = exchange(1000, shared);
        assertThat(exchange.exchangeWithoutWaiting(request(token(), "orders"))).isEmpty();
        assertThat(exchangeEvents()).isEmpty();
    }

    @Test
    void a_refusal_on_a_thread_that_must_not_wait_is_audited_once() {
        TokenExchange exchange = exchange();
        ExchangeFailure failure = catchThrowableOfType(ExchangeFailure.class,
                () -> exchange.exchangeWithoutWaiting(request(token(), "no-such-role")));
        assertThat(failure.reason()).isEqualTo(Reason.UNKNOWN_ROLE);
        assertThat(onlyEvent(failure.decisionId()).path("reason").asText()).isEqualTo(Reason.UNKNOWN_ROLE.code());
    }

    private List<String> exchangeEvents() {
        return audit.stream().filter(line -> line.contains("\"type\":\"exchange\"")).toList();
    }

    private static JsonNode payload(String jwt) throws java.io.IOException {
        return JSON.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    /** A GCP minter that records each grant and answers from a script instead of calling Google. */
    private static final class ScriptedGcp extends GcpCredentialMinter {
        final List<Grant> grants = new CopyOnWriteArrayList<>();
        final List<GcpTarget> targets = new CopyOnWriteArrayList<>();
        volatile UpstreamException failWith;

        ScriptedGcp(CloudAssertionSigner assertions) {
            super(assertions, new GcpSettings(LOOPBACK + "/v1/token", LOOPBACK, Duration.ofMinutes(5), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), RETRY), new NetHttpTransport(), new UpstreamRetry("gcp", RETRY),
                    new MemoryIssuedTokens(Clock.systemUTC(), 10));
        }

        @Override
        public IssuedCredential.CloudAccessToken mint(GcpTarget target, Grant grant) throws UpstreamException {
            grants.add(grant);
            targets.add(target);
            if (failWith != null) {
                throw failWith;
            }
            return new IssuedCredential.CloudAccessToken("gcp", "ya29.scripted-" + grants.size(), "Bearer",
                    Instant.now().plus(grant.lifetimeFor(target)), grant.scopes());
        }
    }
}
