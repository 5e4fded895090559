package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.testing.MutableClock;
import dev.wifbroker.testing.RedisServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replicas sharing one real redis-server: each is a key ring, a signer and a {@link ClusterJwks} with a
 * Redis client of its own. Tokens are verified the way a relying party would (jose4j against the JWKS text
 * another replica serves). Time is a shared {@link MutableClock}; refreshes are called by hand.
 */
class ClusterJwksTest {
    static final KeyRingSettings RING = new KeyRingSettings(EnumSet.of(SigningAlgorithm.ES256, SigningAlgorithm.RS256),
            Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), 2048);
    static final Duration REFRESH = Duration.ofSeconds(5);
    static final Duration JOIN = Duration.ofMinutes(5).plusSeconds(15);
    static final int CAP = 10;
    static final ClusterKeySettings CLUSTER = new ClusterKeySettings(CAP, REFRESH, JOIN, Duration.ofSeconds(1));

    static RedisServer server;
    static Vertx vertx;
    static Redis admin;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<Redis> clients = new ArrayList<>();

    record Replica(KeyRing ring, JwtSigner signer, ClusterJwks jwks) {
        String sign(SigningAlgorithm alg, Instant now) {
            return signer.sign(Map.of(), Map.of("sub", "workload", "exp", now.plus(Duration.ofMinutes(10)).getEpochSecond()), alg).compact();
        }

        String activeKid(SigningAlgorithm alg) {
            return ring.snapshot().active(alg).orElseThrow().kid();
        }
    }

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
        admin = client();
    }

    @AfterAll
    static void stopRedis() {
        vertx.closeAndAwait();
        server.close();
    }

    @BeforeEach
    void emptyDirectory() {
        if (!server.running()) {
            server.restart();
        }
        admin.send(Request.cmd(Command.DEL).arg(RedisKeyDirectory.KEY)).await().atMost(Duration.ofSeconds(2));
    }

    static Redis client() {
        return Redis.createClient(vertx, new RedisOptions().setConnectionString(server.uri()));
    }

    Replica replica(String name) {
        return replica(name, CLUSTER);
    }

    Replica replica(String name, ClusterKeySettings settings) {
        KeyRing ring = KeyRing.open(RING, new MemoryKeyRingStore(), clock);
        Redis redis = client();
        clients.add(redis);
        return new Replica(ring, new JwtSigner(ring, clock),
                new ClusterJwks(ring, new RedisKeyDirectory(redis, settings.timeout()), settings, clock, name));
    }

    static List<String> kids(ClusterJwks jwks) throws Exception {
        return new JsonWebKeySet(jwks.document().text()).getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    void verifiesAt(String token, Replica at) throws Exception {
        assertThat(JwksVerifier.verify(token, at.jwks().document().text(), clock.instant()).getSubject()).isEqualTo("workload");
    }

    static void refreshAll(Replica... replicas) {
        for (Replica r : replicas) {
            r.jwks().refresh();
        }
    }

    @Test
    void a_token_signed_by_any_replica_verifies_against_the_jwks_served_by_every_other() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        Replica c = replica("c");
        refreshAll(a, b, c);

        for (Replica signer : List.of(a, b, c)) {
            for (SigningAlgorithm alg : RING.algorithms()) {
                String token = signer.sign(alg, clock.instant());
                for (Replica verifier : List.of(a, b, c)) {
                    verifiesAt(token, verifier);
                }
            }
        }
        assertThat(b.jwks().document().keyCount()).isEqualTo(6);
        assertThat(b.jwks().document().text()).as("every replica serves the same document").isEqualTo(a.jwks().document().text())
                .isEqualTo(c.jwks().document().text());
    }

    @Test
    void a_forced_rotation_publishes_the_successor_to_other_replicas_before_it_signs_and_old_tokens_keep_verifying() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        refreshAll(a, b);
        String oldKid = a.activeKid(SigningAlgorithm.ES256);
        String before = a.sign(SigningAlgorithm.ES256, clock.instant());

        clock.advance(RING.rotationPeriod().minus(RING.publishAhead()));
        assertThat(a.ring().rotate()).isTrue();
        String successor = a.ring().snapshot().keys().stream()
                .filter(k -> k.algorithm() == SigningAlgorithm.ES256 && k.phase() == KeyPhase.PUBLISHED).findFirst().orElseThrow().kid();
        refreshAll(a, b);
        assertThat(kids(b.jwks())).as("published on B a full publish-ahead before A signs with it").contains(successor, oldKid);
        assertThat(a.activeKid(SigningAlgorithm.ES256)).isEqualTo(oldKid);

        clock.advance(RING.publishAhead());
        a.ring().rotate();
        refreshAll(a, b);
        String after = a.sign(SigningAlgorithm.ES256, clock.instant());
        assertThat(a.activeKid(SigningAlgorithm.ES256)).isEqualTo(successor);
        verifiesAt(after, b);
        assertThat(JwksVerifier.signatureVerifies(before, b.jwks().document().text())).as("retired key still served by B").isTrue();

        clock.advance(RING.retention());
        a.ring().rotate();
        refreshAll(a, b);
        assertThat(kids(b.jwks())).as("gone from B once every token it signed has expired").doesNotContain(oldKid).contains(successor);
    }

    @Test
    void a_restarted_replica_gets_new_keys_and_its_old_tokens_verify_everywhere_until_they_expire() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        refreshAll(a, b);
        String oldKid = a.activeKid(SigningAlgorithm.RS256);
        String token = a.sign(SigningAlgorithm.RS256, clock.instant());

        Replica restarted = replica("a-restarted");
        b.jwks().refresh();
        assertThat(restarted.activeKid(SigningAlgorithm.RS256)).isNotEqualTo(oldKid);
        verifiesAt(token, b);
        verifiesAt(token, restarted);
        verifiesAt(restarted.sign(SigningAlgorithm.RS256, clock.instant()), b);

        clock.advance(CLUSTER.liveEntryLifetime(RING).plusSeconds(1));
        // The live replicas kept refreshing all along; the dead instance stopped at the restart.
        refreshAll(restarted, b);
        assertThat(kids(b.jwks())).as("the dead instance's keys leave after retention plus two refreshes").doesNotContain(oldKid);
        assertThat(kids(restarted.jwks())).doesNotContain(oldKid);
        assertThat(kids(b.jwks())).contains(restarted.activeKid(SigningAlgorithm.RS256));
    }

    @Test
    void a_joining_replica_is_not_ready_until_its_key_has_been_in_redis_for_the_join_delay() throws Exception {
        Replica a = replica("a");
        clock.advance(Duration.ofHours(2));
        a.jwks().refresh();
        assertThat(a.jwks().status().ready()).isTrue();

        Replica joining = replica("joining");
        long started = System.nanoTime();
        a.jwks().refresh();
        long refreshMicros = (System.nanoTime() - started) / 1000;
        assertThat(kids(a.jwks())).as("seen by A at A's next refresh (%d µs)", refreshMicros)
                .contains(joining.activeKid(SigningAlgorithm.ES256));
        assertThat(joining.jwks().status().ready()).isFalse();
        assertThat(joining.jwks().status().joiningKids()).hasSize(2);

        clock.advance(JOIN.minusSeconds(1));
        joining.jwks().refresh();
        assertThat(joining.jwks().status().ready()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        joining.jwks().refresh();
        assertThat(joining.jwks().status().ready()).isTrue();
    }

    static Map<String, Object> validEntry(PublicJsonWebKey key, String alg, Instant now) throws Exception {
        Map<String, Object> jwk = new LinkedHashMap<>(key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        jwk.put("kid", key.calculateBase64urlEncodedThumbprint("SHA-256"));
        jwk.put("use", "sig");
        jwk.put("alg", alg);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("jwk", jwk);
        entry.put("replica", "injected");
        entry.put("publishedAt", now.toEpochMilli());
        entry.put("expiresAt", now.plus(Duration.ofMinutes(30)).toEpochMilli());
        return entry;
    }

    void inject(String kid, Object entry) throws Exception {
        String json = entry instanceof String s ? s : new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(entry);
        admin.send(Request.cmd(Command.HSET).arg(RedisKeyDirectory.KEY).arg(kid).arg(json)).await().atMost(Duration.ofSeconds(2));
    }

    static Arguments bad(String name, UnaryOperator<Map<String, Object>> change) {
        return Arguments.of(name, change);
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> injectedEntries() {
        return Stream.of(
                bad("private key parameter d -> refused", e -> {
                    ((Map<String, Object>) e.get("jwk")).put("d", "AAAA");
                    return e;
                }),
                bad("kid not the key's thumbprint -> refused", e -> {
                    ((Map<String, Object>) e.get("jwk")).put("kid", "not-the-thumbprint");
                    return e;
                }),
                bad("alg HS256 -> refused", e -> {
                    ((Map<String, Object>) e.get("jwk")).put("alg", "HS256");
                    return e;
                }),
                bad("ES256 claimed for an RSA key -> refused", e -> {
                    e.put("jwk", rsaJwk(2048, "ES256"));
                    return e;
                }),
                bad("RSA 1024 -> refused", e -> {
                    e.put("jwk", rsaJwk(1024, "RS256"));
                    return e;
                }),
                bad("expiry a day ahead -> refused", e -> {
                    e.put("expiresAt", (long) e.get("expiresAt") + Duration.ofDays(1).toMillis());
                    return e;
                }),
                bad("extra member -> refused", e -> {
                    e.put("x5u", "https://evil.example/cert");
                    return e;
                }),
                bad("entry above 4 KB -> refused", e -> {
                    e.put("replica", "r".repeat(5000));
                    return e;
                }));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> rsaJwk(int bits, String alg) {
        try {
            return (Map<String, Object>) validEntry(RsaJwkGenerator.generateJwk(bits), alg, Instant.EPOCH).get("jwk");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("injectedEntries")
    @SuppressWarnings("unchecked")
    void an_entry_the_broker_would_not_write_is_refused_and_never_served(String name, UnaryOperator<Map<String, Object>> change)
            throws Exception {
        Replica b = replica("b");
        Map<String, Object> entry = change.apply(validEntry(EcJwkGenerator.generateJwk(EllipticCurves.P256), "ES256", clock.instant()));
        String field = String.valueOf(((Map<?, ?>) entry.get("jwk")).get("kid"));
        inject(field, entry);

        b.jwks().refresh();

        assertThat(kids(b.jwks())).hasSize(2).doesNotContain(field);
        assertThat(b.jwks().status().rejectedEntries()).isEqualTo(1);
        List<Map<String, Object>> served = (List<Map<String, Object>>) new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(b.jwks().document().text(), Map.class).get("keys");
        assertThat(served).allSatisfy(jwk -> assertThat(jwk).doesNotContainKeys("d", "p", "k", "x5u"));
    }

    @Test
    void a_well_formed_injected_key_is_served_but_the_jwks_never_exceeds_the_cap_and_no_replica_publishes_past_it() throws Exception {
        Replica b = replica("b");
        for (int i = 0; i < CAP + 2; i++) {
            PublicJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            inject(key.calculateBase64urlEncodedThumbprint("SHA-256"), validEntry(key, "ES256", clock.instant().minusSeconds(60 - i)));
        }
        b.jwks().refresh();
        assertThat(b.jwks().document().keyCount()).isEqualTo(CAP);
        assertThat(kids(b.jwks())).as("own keys always served").contains(b.activeKid(SigningAlgorithm.ES256), b.activeKid(SigningAlgorithm.RS256));
        assertThat(b.jwks().status().droppedKeys()).isEqualTo(4);
        assertThat(b.jwks().status().ready()).isFalse();

        Replica c = replica("c");
        assertThat(c.jwks().status().unpublishedKids()).as("C refuses to publish past the cap").hasSize(2);
        assertThat(c.jwks().status().ready()).isFalse();
        assertThat(c.jwks().document().keyCount()).isEqualTo(CAP);
        b.jwks().refresh();
        assertThat(kids(b.jwks())).doesNotContain(c.activeKid(SigningAlgorithm.ES256));
    }

    @Test
    void a_cap_below_one_replicas_rotation_need_is_refused_at_start() {
        ClusterKeySettings tiny = new ClusterKeySettings(3, REFRESH, JOIN, Duration.ofSeconds(1));
        assertThatThrownBy(() -> replica("a", tiny)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-published-keys (3) is below the 4 keys");
    }

    @Test
    void with_redis_down_the_last_union_is_served_and_signing_continues_and_redis_back_heals_without_restarts() throws Exception {
        Replica a = replica("a");
        Replica b = replica("b");
        refreshAll(a, b);
        String jwksBefore = b.jwks().document().text();

        server.stop();
        long started = System.nanoTime();
        b.jwks().refresh();
        long downMillis = (System.nanoTime() - started) / 1_000_000;
        a.jwks().refresh();
        assertThat(b.jwks().status().storeReachable()).isFalse();
        assertThat(downMillis).as("a refresh against a dead Redis is bounded by the timeout").isLessThan(2_500);
        assertThat(b.jwks().document().text()).isEqualTo(jwksBefore);
        verifiesAt(a.sign(SigningAlgorithm.ES256, clock.instant()), b);

        server.restart();
        clock.advance(REFRESH);
        b.jwks().refresh();
        assertThat(kids(b.jwks())).as("A's keys survive an emptied Redis on B").contains(a.activeKid(SigningAlgorithm.ES256));
        a.jwks().refresh();
        assertThat(a.jwks().status().storeReachable()).isTrue();
        Replica late = replica("late");
        verifiesAt(a.sign(SigningAlgorithm.RS256, clock.instant()), late);
        b.jwks().refresh();
        assertThat(b.jwks().status().storeReachable()).isTrue();
        verifiesAt(late.sign(SigningAlgorithm.ES256, clock.instant()), b);
    }

    @Test
    void expired_token_of_a_dead_replica_is_not_accepted_by_the_union() {
        // Guards the premise of the union: keys widen what verifies, time checks still apply.
        Replica a = replica("a");
        String token = a.sign(SigningAlgorithm.ES256, clock.instant());
        clock.advance(Duration.ofMinutes(11));
        assertThatThrownBy(() -> JwksVerifier.verify(token, a.jwks().document().text(), clock.instant()))
                .isInstanceOf(InvalidJwtException.class);
    }
}
