package dev.wifbroker.identity.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.IssuerStub;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.testing.MutableClock;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteJwksSourceTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static IssuerStub stub;
    private static PublicJsonWebKey k1;
    private static PublicJsonWebKey k2;
    private static PublicJsonWebKey attacker;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService http = Executors.newCachedThreadPool();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MutableClock clock;
    private RemoteJwksSource source;
    private TokenVerifier verifier;
    private String issuerName;

    @BeforeAll
    static void startIssuer() {
        stub = new IssuerStub();
        k1 = TestKeys.rsa("k1");
        k2 = TestKeys.rsa("k2");
        attacker = TestKeys.rsa("k1");
    }

    @AfterAll
    static void stopIssuer() {
        stub.close();
    }

    private static int counter;

    @BeforeEach
    void setUp() {
        issuerName = "gh" + (++counter);
        stub.publish(issuerName, List.of(k1));
        clock = new MutableClock(START);
        JwksSettings settings = new JwksSettings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), 64 * 1024);
        var spec = Issuers.spec(issuerName, ProfileKind.GITHUB_ACTIONS, stub.issuerUrl(issuerName), new JwksSpec.Discovery());
        source = new RemoteJwksSource(issuerName, spec.url(), null, true, new JwksHttpClient(settings, http), settings, clock,
                scheduler, new JwksMetrics(meters, issuerName));
        verifier = new TokenVerifier(Issuers.lookup(new TrustedIssuer(spec, source)),
                new VerifierSettings(16 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5), 16), clock);
    }

    @AfterEach
    void tearDown() {
        source.close();
        scheduler.shutdownNow();
        http.shutdownNow();
    }

    private String token(PublicJsonWebKey key) {
        return token(key, key.getKeyId());
    }

    private String token(PublicJsonWebKey key, String kid) {
        var claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), clock.instant(), 300);
        claims.put("iss", stub.issuerUrl(issuerName));
        return Tokens.sign(claims, key, kid, "RS256");
    }

    private Reason reasonOf(String token) {
        try {
            verifier.verify(token);
            return null;
        } catch (VerificationException e) {
            return e.reason();
        }
    }

    @Test
    void firstTokenFetchesKeysOnceThenSteadyStateMakesNoFetches() throws Exception {
        assertThat(verifier.verify(token(k1)).keyId()).isEqualTo("k1");
        for (int i = 0; i < 100; i++) {
            verifier.verify(token(k1));
        }
        assertThat(stub.jwksFetches(issuerName)).isEqualTo(1);
    }

    @Test
    void rotatedKeyVerifiesAfterExactlyOneRefetch() throws Exception {
        verifier.verify(token(k1));
        clock.advance(Duration.ofMinutes(1));
        stub.publish(issuerName, List.of(k1, k2));
        assertThat(verifier.verify(token(k2)).keyId()).isEqualTo("k2");
        assertThat(verifier.verify(token(k1)).keyId()).isEqualTo("k1");
        assertThat(stub.jwksFetches(issuerName)).isEqualTo(2);
    }

    @Test
    void floodOfUnknownKeyIdsCausesABoundedNumberOfFetches() throws Exception {
        verifier.verify(token(k1));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            tokens.add(token(attacker, "random-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Reason>> results = new ArrayList<>();
        for (String t : tokens) {
            results.add(pool.submit(() -> reasonOf(t)));
        }
        for (Future<Reason> r : results) {
            assertThat(r.get()).isEqualTo(Reason.KEY_NOT_FOUND);
        }
        pool.shutdown();
        // One fetch at first use, at most one more for the whole flood within the refetch interval.
        assertThat(stub.jwksFetches(issuerName)).isLessThanOrEqualTo(2);
        assertThat(meters.get("broker.jwks.fetches").tag("outcome", "rate_limited").counter().count()).isGreaterThan(900);
    }

    @Test
    void outageKeepsCachedKeysAndFailsUnknownKidFastWithJwksUnavailable() throws Exception {
        verifier.verify(token(k1));
        stub.breakJwks(issuerName);
        clock.advance(Duration.ofMinutes(10));
        assertThat(verifier.verify(token(k1)).keyId()).isEqualTo("k1");
        long started = System.nanoTime();
        assertThat(reasonOf(token(k2))).isEqualTo(Reason.JWKS_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        // Within the refetch interval the next unknown kid is refused at once, still as an outage.
        assertThat(reasonOf(token(k2))).isEqualTo(Reason.JWKS_UNAVAILABLE);
    }

    @Test
    void cachedKeysStopVerifyingBeyondTheStalenessBound() throws Exception {
        verifier.verify(token(k1));
        stub.breakJwks(issuerName);
        clock.advance(Duration.ofMinutes(61));
        assertThat(reasonOf(token(k1))).isEqualTo(Reason.JWKS_UNAVAILABLE);
    }

    @Test
    void issuerRecoveringAfterOutageServesKeysAgain() throws Exception {
        stub.breakJwks(issuerName);
        assertThat(reasonOf(token(k1))).isEqualTo(Reason.JWKS_UNAVAILABLE);
        stub.publish(issuerName, List.of(k1));
        clock.advance(Duration.ofSeconds(31));
        assertThat(verifier.verify(token(k1)).keyId()).isEqualTo("k1");
    }

    @Test
    void redirectToAnotherHostIsRefused() {
        stub.server().stubFor(get(urlEqualTo("/" + issuerName + "/jwks")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://localhost:" + stub.server().port() + "/" + issuerName + "/jwks2")));
        assertThat(reasonOf(token(k1))).isEqualTo(Reason.JWKS_UNAVAILABLE);
        assertThat(source.lastError()).contains("redirect to another origin");
    }

    @Test
    void redirectWithinTheSameOriginIsFollowed() throws Exception {
        stub.server().stubFor(get(urlEqualTo("/" + issuerName + "/jwks")).willReturn(aResponse().withStatus(301)
                .withHeader("Location", "/" + issuerName + "/keys-v2")));
        stub.server().stubFor(get(urlEqualTo("/" + issuerName + "/keys-v2")).willReturn(aResponse()
                .withBody(TestKeys.jwks(List.of(k1)))));
        assertThat(verifier.verify(token(k1)).keyId()).isEqualTo("k1");
    }

    @Test
    void oversizedJwksIsRefused() {
        stub.setJwks(issuerName, "{\"keys\":[], \"pad\":\"" + "x".repeat(70 * 1024) + "\"}", 200);
        assertThat(reasonOf(token(k1))).isEqualTo(Reason.JWKS_UNAVAILABLE);
        assertThat(source.lastError()).contains("larger than");
    }

    @Test
    void discoveryNamingAnotherIssuerIsRefused() {
        stub.server().stubFor(get(urlEqualTo("/" + issuerName + "/.well-known/openid-configuration")).willReturn(aResponse()
                .withBody("{\"issuer\":\"" + stub.issuerUrl(issuerName) + "/\",\"jwks_uri\":\"" + stub.issuerUrl(issuerName)
                        + "/jwks\"}")));
        assertThat(reasonOf(token(k1))).isEqualTo(Reason.JWKS_UNAVAILABLE);
        assertThat(source.lastError()).contains("names issuer");
    }

    @Test
    void slowIssuerTimesOutInsteadOfHanging() {
        stub.server().stubFor(get(urlEqualTo("/" + issuerName + "/jwks")).willReturn(aResponse().withFixedDelay(4000)
                .withBody(TestKeys.jwks(List.of(k1)))));
        long started = System.nanoTime();
        assertThat(reasonOf(token(k1))).isEqualTo(Reason.JWKS_UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
    }

    @Test
    void attackerSignatureUnderAValidKidIsRejected() throws Exception {
        verifier.verify(token(k1));
        assertThat(reasonOf(token(attacker))).isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void metricsReportKeyCountAndFetches() throws Exception {
        verifier.verify(token(k1));
        assertThat(meters.get("broker.jwks.keys").tag("issuer", issuerName).gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("broker.jwks.fetches").tag("outcome", "success").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("broker.jwks.age.seconds").tag("issuer", issuerName).gauge().value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void noTokenIsEverAcceptedWithoutAFetchedKey() {
        // An empty set is a failed fetch (nothing to verify with), so the refusal is the retryable outage.
        stub.setJwks(issuerName, "{\"keys\":[]}", 200);
        assertThatThrownBy(() -> verifier.verify(token(k1))).isInstanceOf(VerificationException.class)
                .extracting(e -> ((VerificationException) e).reason()).isEqualTo(Reason.JWKS_UNAVAILABLE);
    }
}
