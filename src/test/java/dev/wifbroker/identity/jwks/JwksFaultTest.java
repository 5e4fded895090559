package dev.wifbroker.identity.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.identity.KeysNotCached;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.IssuerStub;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.testing.MutableClock;
import dev.wifbroker.testing.StallingServer;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The issuer's key endpoints misbehaving, one test per fault: the refusal a token with a new key gets
 * (status and reason), that last-known-good keys keep verifying, and how long everything takes. The
 * verifier runs with the production bounds ({@link VerifierSettings#defaults()}: 500 ms wait, 3 s for a
 * first fetch, 4 waiters); the fetch timeouts are shortened (1 s per request, 2 s per refresh) so the suite
 * stays fast. Upper bounds are generous for a loaded machine, yet far below what the faults cost before
 * (8 s per waiting token, a refresh in flight for as long as the peer held the socket). Measured figures
 * go to standard output.
 */
class JwksFaultTest {
    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    static final Duration READ = Duration.ofSeconds(1);
    static final Duration FETCH = Duration.ofSeconds(2);
    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    static final long PEER_PATIENCE_MS = 60_000;

    static IssuerStub wiremock;
    static PublicJsonWebKey k1;
    static PublicJsonWebKey k2;
    static PublicJsonWebKey attacker;
    static int counter;

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService http = Executors.newCachedThreadPool();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MutableClock clock = new MutableClock(START);
    final List<AutoCloseable> closing = new ArrayList<>();
    String name;
    String issuerUrl;
    RemoteJwksSource source;
    TokenVerifier verifier;

    @BeforeAll
    static void keys() {
        wiremock = new IssuerStub();
        k1 = TestKeys.rsa("k1");
        k2 = TestKeys.rsa("k2");
        attacker = TestKeys.rsa("forged");
        // A cold WireMock and JDK client can take over a second for their first exchange: not a fault under test.
        wiremock.publish("warm-up", List.of(k1));
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(
                    wiremock.issuerUrl("warm-up") + "/jwks")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopStub() {
        wiremock.close();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (source != null) {
            source.close();
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
        scheduler.shutdownNow();
        http.shutdownNow();
    }

    /** A source reading a fixed JWKS URI (null: discovery at the WireMock issuer). */
    void issuer(URI jwksUri, String url) {
        name = "fault" + (++counter);
        issuerUrl = url == null ? wiremock.issuerUrl(name) : url;
        JwksSettings settings = new JwksSettings(Duration.ofMinutes(5), MIN_REFETCH, Duration.ofHours(1), Duration.ofSeconds(1),
                READ, FETCH, 64 * 1024);
        IssuerSpec spec = Issuers.spec(name, ProfileKind.GITHUB_ACTIONS, issuerUrl,
                jwksUri == null ? new JwksSpec.Discovery() : new JwksSpec.Remote(jwksUri));
        source = new RemoteJwksSource(name, issuerUrl, jwksUri, true, new JwksHttpClient(settings, http), settings, clock,
                scheduler, new JwksMetrics(meters, name));
        verifier = new TokenVerifier(Issuers.lookup(new TrustedIssuer(spec, source)), VerifierSettings.defaults(), clock);
    }

    /** The fault served by a plain socket, after a first healthy fetch of k1 from it. */
    StallingServer socketIssuer(StallingServer.Mode fault) throws Exception {
        StallingServer server = new StallingServer(StallingServer.Mode.SERVE, TestKeys.jwks(List.of(k1)), PEER_PATIENCE_MS);
        closing.add(server);
        issuer(URI.create(server.baseUrl() + "/jwks"), "https://issuer.example/" + (counter + 1));
        Outcome first = verify(token(k1));
        assertThat(first.reason()).as(first.detail()).isNull();
        server.mode(fault, TestKeys.jwks(List.of(k1, k2)));
        clock.advance(MIN_REFETCH.plusSeconds(1));
        return server;
    }

    /** The fault served by WireMock, after a first healthy fetch of k1 through discovery. */
    void wiremockIssuer() {
        issuer(null, null);
        wiremock.publish(name, List.of(k1));
        Outcome first = verify(token(k1));
        assertThat(first.reason()).as(first.detail()).isNull();
        clock.advance(MIN_REFETCH.plusSeconds(1));
    }

    String token(PublicJsonWebKey key) {
        return token(key, key.getKeyId());
    }

    String token(PublicJsonWebKey key, String kid) {
        var claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), clock.instant(), 300);
        claims.put("iss", issuerUrl);
        return Tokens.sign(claims, key, kid, "RS256");
    }

    record Outcome(Reason reason, Duration retryAfter, String detail, long millis) {}

    Outcome verify(String token) {
        long started = System.nanoTime();
        try {
            verifier.verify(token);
            return new Outcome(null, null, "verified", (System.nanoTime() - started) / 1_000_000);
        } catch (VerificationException e) {
            return new Outcome(e.reason(), e.retryAfter().orElse(null), e.getMessage(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Waits until the refresh in flight has ended and returns how long that took from {@code since}. */
    long refreshEnded(long since, Duration patience) throws InterruptedException {
        long limit = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < limit) {
            if (source.lastError() != null || meters.get("broker.jwks.fetches").tag("outcome", "success").counter().count() > 1) {
                return (System.nanoTime() - since) / 1_000_000;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    double failures() {
        return meters.get("broker.jwks.fetches").tag("issuer", name).tag("outcome", "failure").counter().count();
    }

    static void figure(String fault, String outcome, long millis) {
        System.out.printf("FAULT %-28s %-40s %6d ms%n", fault, outcome, millis);
    }

    /** The common expectations of an outage: new key refused retryably and soon, the old key still verifies. */
    Outcome assertOutage(String fault) {
        Outcome newKey = verify(token(k2));
        assertThat(newKey.reason()).as(newKey.detail()).isEqualTo(Reason.JWKS_UNAVAILABLE);
        assertThat(newKey.retryAfter()).isNotNull();
        assertThat(newKey.retryAfter().toSeconds()).isBetween(1L, 30L);
        assertThat(newKey.millis()).isLessThan(2_000);
        Outcome oldKey = verify(token(k1));
        assertThat(oldKey.reason()).as(oldKey.detail()).isNull();
        assertThat(oldKey.millis()).isLessThan(1_000);
        figure(fault, "new kid: 503 jwks_unavailable, Retry-After " + newKey.retryAfter().toSeconds() + " s", newKey.millis());
        figure(fault, "cached kid: verified", oldKey.millis());
        return newKey;
    }

    @Test
    void a_new_key_on_a_thread_that_must_not_wait_starts_the_fetch_and_returns_at_once() throws Exception {
        StallingServer server = socketIssuer(StallingServer.Mode.HANG);
        assertThat(verifier.verify(token(k1), false).keyId()).as("a cached key verifies without waiting").isEqualTo("k1");
        long started = System.nanoTime();
        assertThatThrownBy(() -> verifier.verify(token(k2), false)).isInstanceOf(KeysNotCached.class);
        long millis = (System.nanoTime() - started) / 1_000_000;
        figure("jwks hanging, I/O thread", "new kid: handed to a worker", millis);
        assertThat(millis).as("no wait for the hanging fetch").isLessThan(400);
        long limit = System.nanoTime() + 3_000_000_000L;
        while (server.connections() < 2 && System.nanoTime() < limit) {
            Thread.sleep(10);
        }
        assertThat(server.connections()).as("the refetch it needs was started").isEqualTo(2);

        server.mode(StallingServer.Mode.SERVE, TestKeys.jwks(List.of(k1, k2)));
        assertThat(refreshEnded(started, Duration.ofSeconds(10))).isPositive();
        clock.advance(MIN_REFETCH.plusSeconds(1));
        Outcome onWorker = verify(token(k2));
        assertThat(onWorker.reason()).as("a worker may wait, and gets the key: %s", onWorker.detail()).isNull();
    }

    @Test
    void jwks_down_keeps_last_known_good_and_refuses_a_new_key_with_a_retryable_503() {
        wiremockIssuer();
        wiremock.breakJwks(name);
        assertOutage("jwks down (connection reset)");
        assertThat(failures()).isEqualTo(1.0);
        assertThat(source.lastError()).contains("jwks");
    }

    @Test
    void jwks_hanging_without_a_response_ends_within_the_fetch_deadline_and_never_holds_a_request_thread_long()
            throws Exception {
        StallingServer server = socketIssuer(StallingServer.Mode.HANG);
        long started = System.nanoTime();
        Outcome newKey = assertOutage("jwks hanging (no response)");
        assertThat(newKey.millis()).as("waited at most the 500 ms refetch wait").isLessThan(1_500);
        long ended = refreshEnded(started, Duration.ofSeconds(10));
        figure("jwks hanging (no response)", "refresh failed: " + source.lastError(), ended);
        assertThat(ended).isBetween(READ.toMillis() - 100, 4_000L);
        assertThat(source.lastError()).contains("no complete response within");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void jwks_body_stalled_after_ten_bytes_is_cut_at_the_deadline_and_the_connection_closed() throws Exception {
        StallingServer server = socketIssuer(StallingServer.Mode.STALL_BODY);
        long started = System.nanoTime();
        assertOutage("jwks slow body (10 bytes, stall)");
        long ended = refreshEnded(started, Duration.ofSeconds(10));
        figure("jwks slow body (10 bytes, stall)", "refresh failed: " + source.lastError(), ended);
        assertThat(ended).as("before: in flight for as long as the peer held the socket").isBetween(READ.toMillis() - 100, 4_000L);
        assertThat(source.lastError()).contains("no complete response within");
        // The exchange was aborted, not abandoned: the client closed the stalled socket itself.
        long limit = System.nanoTime() + 3_000_000_000L;
        while (server.closedByClient() < 1 && System.nanoTime() < limit) {
            Thread.sleep(20);
        }
        assertThat(server.closedByClient()).isEqualTo(1);
        // The issuer is not wedged: the next refetch is made, and succeeds once the peer behaves again.
        server.mode(StallingServer.Mode.SERVE, TestKeys.jwks(List.of(k1, k2)));
        clock.advance(MIN_REFETCH.plusSeconds(1));
        Outcome recovered = verify(token(k2));
        assertThat(recovered.reason()).as(recovered.detail()).isNull();
        figure("jwks slow body, peer recovered", "new kid: verified after one refetch", recovered.millis());
    }

    @Test
    void many_tokens_with_unknown_keys_during_a_stall_hold_at_most_four_threads_and_are_all_answered_quickly()
            throws Exception {
        socketIssuer(StallingServer.Mode.STALL_BODY);
        int tokens = 64;
        ExecutorService pool = Executors.newFixedThreadPool(tokens);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Outcome>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < tokens; i++) {
            String forged = token(attacker, "forged-" + i);
            results.add(pool.submit(() -> {
                go.await();
                return verify(forged);
            }));
        }
        go.countDown();
        Outcome legit = verify(token(k1));
        int waited = 0;
        long slowest = 0;
        for (Future<Outcome> f : results) {
            Outcome o = f.get();
            assertThat(o.reason()).isEqualTo(Reason.JWKS_UNAVAILABLE);
            assertThat(o.retryAfter()).isNotNull();
            waited += o.detail().contains("not done within") ? 1 : 0;
            slowest = Math.max(slowest, o.millis());
        }
        long all = (System.nanoTime() - started) / 1_000_000;
        pool.shutdown();
        figure("64 forged kids during stall", "503 each; " + waited + " waited, " + (tokens - waited) + " at once", all);
        figure("valid token during the flood", "verified", legit.millis());
        assertThat(legit.reason()).isNull();
        assertThat(legit.millis()).isLessThan(1_000);
        assertThat(waited).as("request threads that waited for the refetch").isBetween(1, 8);
        assertThat(slowest).isLessThan(2_000);
        assertThat(all).as("before: 8 s per token, 16 worker threads held").isLessThan(3_000);
    }

    @Test
    void jwks_garbage_is_a_failed_fetch_and_keeps_the_last_good_keys() {
        wiremockIssuer();
        wiremock.setJwks(name, "<html>upstream error</html>", 200);
        assertOutage("jwks garbage (200, not JSON)");
        assertThat(failures()).isEqualTo(1.0);
        assertThat(source.lastError()).contains("unusable");
    }

    @Test
    void jwks_with_an_empty_key_set_is_a_failed_fetch_and_keeps_the_last_good_keys() {
        wiremockIssuer();
        wiremock.setJwks(name, "{\"keys\":[]}", 200);
        assertOutage("jwks empty keys (200)");
        assertThat(failures()).isEqualTo(1.0);
        assertThat(source.lastError()).contains("no usable key");
    }

    @Test
    void jwks_with_only_unknown_key_types_is_a_failed_fetch_and_keeps_the_last_good_keys() {
        wiremockIssuer();
        wiremock.setJwks(name, "{\"keys\":[{\"kty\":\"PQC-9\",\"kid\":\"k2\",\"use\":\"sig\",\"x\":\"AAAA\"}]}", 200);
        assertOutage("jwks unknown kty (200)");
        assertThat(failures()).isEqualTo(1.0);
        assertThat(source.lastError()).contains("no usable key");
    }

    @Test
    void discovery_hanging_falls_back_to_the_known_jwks_uri_within_the_read_timeout() throws Exception {
        wiremockIssuer();
        wiremock.server().stubFor(get(urlEqualTo("/" + name + "/.well-known/openid-configuration"))
                .willReturn(aResponse().withFixedDelay(20_000).withBody("{}")));
        wiremock.setJwks(name, TestKeys.jwks(List.of(k1, k2)), 200);
        long started = System.nanoTime();
        Outcome first = assertOutage("discovery hanging");
        assertThat(first.detail()).contains("being fetched; not done within 500 ms");
        long ended = refreshEnded(started, Duration.ofSeconds(10));
        figure("discovery hanging", "refresh via the known jwks_uri", ended);
        assertThat(ended).isBetween(READ.toMillis() - 100, 4_000L);
        Outcome retried = verify(token(k2));
        assertThat(retried.reason()).as(retried.detail()).isNull();
        figure("discovery hanging, client retry", "new kid: verified", retried.millis());
    }

    @Test
    void a_kid_absent_from_a_fresh_successful_fetch_is_a_final_400_key_not_found() {
        wiremockIssuer();
        Outcome absent = verify(token(attacker, "never-published"));
        assertThat(absent.reason()).as(absent.detail()).isEqualTo(Reason.KEY_NOT_FOUND);
        assertThat(absent.retryAfter()).isNull();
        // Within the refetch interval no new fetch is made, and the answer stays a 400.
        Outcome again = verify(token(attacker, "never-published-either"));
        assertThat(again.reason()).isEqualTo(Reason.KEY_NOT_FOUND);
        assertThat(wiremock.jwksFetches(name)).isEqualTo(2);
    }
}
