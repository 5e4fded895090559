package dev.wifbroker.credential.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.MissingClaimException;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.StsStub;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The minter against a WireMock STS speaking STS's XML: what STS is shown, and how its answers map. */
class AwsCredentialMinterTest {
    static final String ISSUER = "https://broker.example.com";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/orders";
    static final Map<String, Object> ATTRIBUTES = Map.of("namespace", "payments", "service_account", "api",
            "repository", "acme/payments", "actor", "octocat");
    static final Clock CLOCK = Clock.systemUTC();
    static KeyRing ring;
    static StsStub sts;

    @BeforeAll
    static void start() {
        ring = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), CLOCK);
        sts = new StsStub();
    }

    @AfterAll
    static void stop() {
        sts.close();
    }

    static AwsCredentialMinter minter(AwsSettings settings) {
        return new AwsCredentialMinter(new JwtSigner(ring, CLOCK), new BrokerIssuer(ISSUER), CLOCK, settings);
    }

    /** Fast retries so the table runs in milliseconds. */
    static AwsSettings fast() {
        return AwsSettings.defaults(sts.endpoint()).withRetry(3, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(5));
    }

    static AwsTarget target(Duration duration) {
        return new AwsTarget(ROLE_ARN, duration,
                Optional.of(Template.parse("k8s-{namespace}-{service_account}", AwsLimits.SESSION_NAME_CHARSET)),
                Optional.of("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"),
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                Map.of("namespace", Template.parse("{namespace}", AwsLimits.TAG_VALUE_CHARSET),
                        "repo", Template.parse("{repository}", AwsLimits.TAG_VALUE_CHARSET)),
                Optional.of(Template.parse("{actor}", AwsLimits.SESSION_NAME_CHARSET)));
    }

    static Grant request(Duration lifetime) {
        return new Grant("orders", "cluster:system:serviceaccount:payments:api",
                "https://kubernetes.default.svc.cluster.local", "system:serviceaccount:payments:api", ATTRIBUTES, List.of(),
                lifetime);
    }

    @Test
    void sts_is_shown_an_rs256_assertion_that_verifies_against_the_broker_jwks() throws Exception {
        sts.succeed(Duration.ofHours(1));
        Instant before = Instant.ofEpochSecond(CLOCK.instant().getEpochSecond());

        IssuedCredential.AwsSession session = minter(fast()).mint(target(Duration.ofHours(1)), request(null));

        assertThat(session.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(session.secretAccessKey()).isEqualTo(StsStub.SECRET_ACCESS_KEY);
        assertThat(session.sessionToken()).isEqualTo(StsStub.SESSION_TOKEN);
        assertThat(session.assumedRoleArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/orders/orders-session");
        assertThat(session.expiresAt()).isBetween(before.plus(Duration.ofMinutes(59)), before.plus(Duration.ofMinutes(61)));
        assertThat(session.expiresAt().getNano()).isZero();
        assertThat(session.toString()).doesNotContain(StsStub.SECRET_ACCESS_KEY).doesNotContain(StsStub.SESSION_TOKEN);

        assertThat(sts.requests()).hasSize(1);
        assertThat(sts.requests().get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(sts.requests().get(0).containsHeader("Authorization")).as("anonymous, unsigned call").isFalse();
        Map<String, String> form = sts.form(0);
        assertThat(form).containsEntry("Action", "AssumeRoleWithWebIdentity").containsEntry("Version", "2011-06-15")
                .containsEntry("RoleArn", ROLE_ARN).containsEntry("RoleSessionName", "k8s-payments-api")
                .containsEntry("DurationSeconds", "3600")
                .containsEntry("Policy", target(Duration.ofHours(1)).sessionPolicy().orElseThrow())
                .containsEntry("PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
                .doesNotContainKey("ProviderId");

        String assertion = form.get("WebIdentityToken");
        assertThat(assertion.split("\\.")[0]).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"alg\":\"RS256\",\"kid\":\"" + ring.snapshot().active(dev.wifbroker.keys.SigningAlgorithm.RS256)
                        .orElseThrow().kid() + "\",\"typ\":\"JWT\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        JwtClaims claims = JwksVerifier.verify(assertion, ring.snapshot().jwksText(), CLOCK.instant());
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getAudience()).containsExactly("sts.amazonaws.com");
        assertThat(claims.getSubject()).isEqualTo("role:orders:cluster:system:serviceaccount:payments:api");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
        assertThat(claims.getIssuedAt().getValue()).isBetween(before.getEpochSecond(), before.getEpochSecond() + 5);
        assertThat(claims.getJwtId()).hasSize(22);
        assertThat(claims.getClaimValue(AwsAssertion.TAGS_CLAIM)).isEqualTo(Map.of("principal_tags",
                Map.of("namespace", List.of("payments"), "repo", List.of("acme/payments"))));
        assertThat(claims.getClaimValue(AwsAssertion.SOURCE_IDENTITY_CLAIM)).isEqualTo("octocat");
    }

    @Test
    void a_target_without_tags_or_source_identity_sends_neither_claim_so_the_trust_policy_needs_no_tag_session() throws Exception {
        sts.succeed(Duration.ofMinutes(15));
        AwsTarget plain = new AwsTarget(ROLE_ARN, Duration.ofMinutes(15), Optional.empty(), Optional.empty(), List.of(), Map.of());

        minter(fast()).mint(plain, request(null));

        Map<String, String> form = sts.form(0);
        assertThat(form).doesNotContainKeys("Policy", "PolicyArns.member.1.arn").containsEntry("DurationSeconds", "900");
        assertThat(form.get("RoleSessionName")).matches("orders-[0-9a-f]{8}");
        JwtClaims claims = JwksVerifier.verify(form.get("WebIdentityToken"), ring.snapshot().jwksText(), CLOCK.instant());
        assertThat(claims.hasClaim(AwsAssertion.TAGS_CLAIM)).isFalse();
        assertThat(claims.hasClaim(AwsAssertion.SOURCE_IDENTITY_CLAIM)).isFalse();
    }

    @ParameterizedTest(name = "requested {0}s of a {1}s role -> DurationSeconds {2}")
    @CsvSource({"-1, 3600, 3600", "1200, 3600, 1200", "300, 3600, 900", "7200, 3600, 3600", "43200, 43200, 43200"})
    void the_requested_lifetime_only_narrows_and_never_below_the_aws_minimum(long requested, long role, String expected)
            throws Exception {
        sts.succeed(Duration.ofMinutes(15));
        minter(fast()).mint(target(Duration.ofSeconds(role)), request(requested < 0 ? null : Duration.ofSeconds(requested)));
        assertThat(sts.form(0)).containsEntry("DurationSeconds", expected);
    }

    @Test
    void a_template_reading_a_claim_the_token_lacks_refuses_before_calling_aws() {
        sts.succeed(Duration.ofMinutes(15));
        Grant noActor = new Grant("orders", "cluster:x", "https://k8s", "x",
                Map.of("namespace", "payments", "service_account", "api", "repository", "acme/payments"), List.of(), null);

        assertThatThrownBy(() -> minter(fast()).mint(target(Duration.ofHours(1)), noActor))
                .isInstanceOf(MissingClaimException.class).extracting(e -> ((MissingClaimException) e).claim()).isEqualTo("actor");
        assertThat(sts.requests()).isEmpty();
    }

    @Test
    void a_subject_beyond_sts_255_characters_keeps_the_role_prefix_and_hashes_the_workload() {
        String subject = AwsAssertion.subject("orders", "github:" + "x".repeat(300));
        assertThat(subject).hasSizeLessThanOrEqualTo(255).matches("role:orders:sha256:[0-9a-f]{64}");
        assertThat(AwsAssertion.subject("orders", "github:repo:acme/app:ref:refs/heads/main"))
                .isEqualTo("role:orders:github:repo:acme/app:ref:refs/heads/main");
    }

    @ParameterizedTest(name = "{1} (HTTP {0}) -> {3} after {4} call(s)")
    @CsvSource({
            "400, Sender, InvalidIdentityToken, UPSTREAM_DENIED, 1",
            "403, Sender, AccessDenied, UPSTREAM_DENIED, 1",
            "400, Sender, ExpiredTokenException, UPSTREAM_DENIED, 1",
            "400, Sender, MalformedPolicyDocument, UPSTREAM_DENIED, 1",
            "400, Sender, PackedPolicyTooLarge, UPSTREAM_DENIED, 1",
            "400, Sender, ValidationError, UPSTREAM_DENIED, 1",
            "403, Sender, IDPRejectedClaim, UPSTREAM_DENIED, 1",
            "403, Sender, RegionDisabledException, UPSTREAM_DENIED, 1",
            "400, Sender, Throttling, UPSTREAM_UNAVAILABLE, 3",
            "400, Sender, IDPCommunicationError, UPSTREAM_UNAVAILABLE, 3",
            "500, Receiver, InternalFailure, UPSTREAM_UNAVAILABLE, 3",
            "503, Receiver, ServiceUnavailable, UPSTREAM_UNAVAILABLE, 3"})
    void sts_errors_map_to_denied_or_unavailable_and_only_transient_ones_are_retried(int status, String type, String code,
            Reason reason, int calls) {
        sts.fail(status, type, code, "Incorrect token audience for role:orders:secret-detail");

        UpstreamException e = catchUpstream(() -> minter(fast()).mint(target(Duration.ofHours(1)), request(null)));

        assertThat(e.reason()).isEqualTo(reason);
        assertThat(sts.requests()).hasSize(calls);
        if (reason == Reason.UPSTREAM_DENIED) {
            assertThat(e.upstreamCode()).isEqualTo(code);
            assertThat(e.retryAfter()).isEmpty();
        } else {
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(5));
        }
        assertThat(e.getMessage() + e.upstreamCode()).doesNotContain("Incorrect token audience").doesNotContain("secret-detail");
    }

    @Test
    void connection_resets_are_retried_up_to_the_attempt_limit_then_unavailable() {
        sts.reset();
        UpstreamException e = catchUpstream(() -> minter(fast()).mint(target(Duration.ofHours(1)), request(null)));
        assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
        assertThat(sts.requests()).hasSize(3);
    }

    @Test
    void throttling_then_success_returns_the_credentials_of_the_second_call() throws Exception {
        sts.succeed(Duration.ofHours(1));
        sts.server().stubFor(post(urlEqualTo("/")).inScenario("throttle").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody(StsStub.errorXml("Sender", "Throttling", "Rate exceeded")))
                .willSetStateTo("recovered"));

        IssuedCredential.AwsSession session = minter(fast()).mint(target(Duration.ofHours(1)), request(null));

        assertThat(session.accessKeyId()).startsWith("ASIA");
        assertThat(sts.requests()).hasSize(2);
        assertThat(sts.form(0).get("WebIdentityToken")).isEqualTo(sts.form(1).get("WebIdentityToken"));
    }

    @Test
    void a_hanging_sts_is_cut_by_the_read_timeout_and_the_whole_mint_by_the_budget() {
        sts.slow(Duration.ofSeconds(3), Duration.ofHours(1));
        AwsSettings settings = AwsSettings.defaults(sts.endpoint()).withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(300))
                .withRetry(10, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(1500));
        long start = System.nanoTime();

        UpstreamException e = catchUpstream(() -> minter(settings).mint(target(Duration.ofHours(1)), request(null)));

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(e.reason()).isEqualTo(Reason.UPSTREAM_UNAVAILABLE);
        assertThat(took).isLessThan(Duration.ofMillis(2500));
        assertThat(sts.requests().size()).isBetween(2, 5);
    }

    @Test
    void without_an_sts_endpoint_setting_the_sdk_standard_aws_endpoint_url_sts_is_honoured() throws Exception {
        sts.succeed(Duration.ofHours(1));
        AwsSettings standard = AwsSettings.defaults(sts.endpoint()).withStsEndpoint(Optional.empty())
                .withRetry(1, Duration.ofMillis(5), Duration.ofMillis(5), Duration.ofSeconds(5));
        System.setProperty("aws.endpointUrlSts", sts.endpoint().toString());
        try {
            minter(standard).mint(target(Duration.ofHours(1)), request(null));
        } finally {
            System.clearProperty("aws.endpointUrlSts");
        }
        assertThat(sts.requests()).hasSize(1);
    }

    interface Mint {
        void run() throws UpstreamException;
    }

    static UpstreamException catchUpstream(Mint mint) {
        try {
            mint.run();
        } catch (UpstreamException e) {
            return e;
        }
        throw new AssertionError("expected an UpstreamException");
    }
}
