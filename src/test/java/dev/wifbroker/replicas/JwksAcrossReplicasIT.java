package dev.wifbroker.replicas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.keys.FileKeyRingStore;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.keys.KeyPhase;
import dev.wifbroker.keys.ManagedKey;
import dev.wifbroker.keys.RedisKeyDirectory;
import dev.wifbroker.keys.SigningAlgorithm;
import dev.wifbroker.testing.BrokerCalls;
import dev.wifbroker.testing.BrokerCalls.Reply;
import dev.wifbroker.testing.BrokerCluster;
import dev.wifbroker.testing.BrokerProcess;
import dev.wifbroker.testing.ClusterExtension;
import dev.wifbroker.testing.ReplicaPolicies;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three replicas, each with private keys of its own, publishing public keys through Redis (docs/keys.md,
 * clustered mode): every replica serves the same key set, and a token any replica signs verifies against the
 * JWKS fetched from any other, through a rotation (published ahead, active, retired) and a crash.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksAcrossReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> ROLES = Map.of("ES256", ReplicaPolicies.ROLE, "RS256", ReplicaPolicies.RS256_ROLE);
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("jwks"));

    @Test
    @Order(1)
    void every_replica_serves_the_same_jwks_and_each_replicas_tokens_verify_against_every_other_replicas_jwks() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        Map<String, BrokerProcess> signedBy = new LinkedHashMap<>();
        for (BrokerProcess replica : cluster.replicas()) {
            mint(replica).forEach(token -> signedBy.put(token, replica));
        }
        Map<BrokerProcess, String> jwks = awaitConverged(cluster, kidsOf(signedBy.keySet()));
        for (var e : signedBy.entrySet()) {
            for (BrokerProcess verifier : cluster.others(number(cluster, e.getValue()))) {
                assertVerifies(e.getKey(), jwks.get(verifier), e.getValue() + "'s token at " + verifier);
            }
        }
        System.out.printf("jwks: %d tokens (ES256, RS256 from each replica) verified at both other replicas; %d keys served by each%n",
                signedBy.size(), BrokerCalls.kids(cluster.replica(1)).size());
    }

    @Test
    @Order(2)
    void a_forced_rotation_publishes_the_successor_everywhere_before_it_signs_and_keeps_the_retired_key_verifying() throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        BrokerProcess r1 = cluster.replica(1);
        FileKeyRingStore store = new FileKeyRingStore(cluster.keyDirectory());
        List<String> before = mint(r1);
        Map<SigningAlgorithm, ManagedKey> active = awaitPhase(store, KeyPhase.ACTIVE);
        Map<SigningAlgorithm, ManagedKey> successor = awaitPhase(store, KeyPhase.PUBLISHED);
        assertThat(kidsOf(before)).as("replica 1 signs with its active keys").isEqualTo(kids(active.values()));

        // Published ahead: the successors are in every replica's JWKS while the active keys still sign.
        Set<String> ahead = kids(successor.values());
        awaitConverged(cluster, union(kids(active.values()), ahead));
        assertThat(kidsOf(mint(r1))).as("successors do not sign yet").doesNotContainAnyElementsOf(ahead);

        // The shortest allowed schedule would make us wait 5 minutes: age replica 1's stored ring instead, so
        // the successors' time comes a few seconds after it restarts (as after an outage, docs/keys.md).
        r1.stop();
        List<ManagedKey> keys = store.load();
        Instant due = successor.values().stream().map(ManagedKey::activatesAt).max(Comparator.naturalOrder()).orElseThrow();
        Duration shift = Duration.between(Instant.now().plusSeconds(8), due);
        store.save(keys.stream().map(k -> aged(k, shift)).toList());
        long restart = System.nanoTime();
        r1.start();
        r1.awaitReady(BrokerCluster.READY_TIMEOUT);
        boolean activeAtRestart = kidsOf(mint(r1)).equals(kids(active.values()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> after = mint(r1);
        while (!kidsOf(after).equals(ahead) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            after = mint(r1);
        }
        assertThat(kidsOf(after)).as("the successors sign after their time").isEqualTo(ahead);
        System.out.printf("rotation: successors took over %d ms after replica 1 restarted (%s)%n",
                (System.nanoTime() - restart) / 1_000_000, activeAtRestart ? "live, after it was ready" : "at its start-up");

        Map<SigningAlgorithm, ManagedKey> retired = byAlgorithm(store.load(), KeyPhase.RETIRED);
        assertThat(kids(retired.values())).as("the previous keys are retired").isEqualTo(kids(active.values()));
        assertThat(kids(byAlgorithm(store.load(), KeyPhase.ACTIVE).values())).isEqualTo(ahead);
        Map<SigningAlgorithm, ManagedKey> next = awaitPhase(store, KeyPhase.PUBLISHED);
        Map<BrokerProcess, String> jwks = awaitConverged(cluster, union(union(kids(retired.values()), ahead), kids(next.values())));
        for (BrokerProcess verifier : cluster.replicas()) {
            for (String token : before) {
                assertVerifies(token, jwks.get(verifier), "token of a retired key at " + verifier);
            }
        }
        for (BrokerProcess verifier : cluster.others(1)) {
            for (String token : after) {
                assertVerifies(token, jwks.get(verifier), "token of the new active key at " + verifier);
            }
        }
    }

    @Test
    @Order(3)
    void a_replica_killed_and_restarted_leaves_its_tokens_verifying_everywhere_until_they_expire_and_its_new_keys_appear_everywhere()
            throws Exception {
        BrokerCluster cluster = CLUSTER.get();
        BrokerProcess r3 = cluster.replica(3);
        List<String> beforeCrash = mint(r3);
        Set<String> oldKids = kidsOf(beforeCrash);
        awaitConverged(cluster, oldKids);

        r3.kill();
        long start = System.nanoTime();
        r3.start();
        r3.awaitReady(BrokerCluster.READY_TIMEOUT);
        long readyMillis = (System.nanoTime() - start) / 1_000_000;
        List<String> afterCrash = mint(r3);
        Set<String> newKids = kidsOf(afterCrash);
        assertThat(newKids).as("the memory store starts with new keys").doesNotContainAnyElementsOf(oldKids);

        Map<BrokerProcess, String> jwks = awaitConverged(cluster, union(oldKids, newKids));
        for (BrokerProcess verifier : cluster.replicas()) {
            for (String token : beforeCrash) {
                assertVerifies(token, jwks.get(verifier), "token signed before the crash at " + verifier);
            }
        }
        for (BrokerProcess verifier : cluster.others(3)) {
            for (String token : afterCrash) {
                assertVerifies(token, jwks.get(verifier), "token signed after the restart at " + verifier);
            }
        }
        // The crashed replica's entries stay in Redis (and so in every JWKS) at least until its tokens have expired.
        Map<String, String> entries = directory(cluster);
        for (String token : beforeCrash) {
            long exp = claims(token).path("exp").asLong() * 1000;
            long expiresAt = JSON.readTree(entries.get(kid(token))).path("expiresAt").asLong();
            assertThat(expiresAt).as("directory expiry of %s", kid(token)).isGreaterThanOrEqualTo(exp);
        }
        System.out.printf("crash: replica 3 killed -9, ready again %d ms after relaunch; %d old and %d new kids on all replicas%n",
                readyMillis, oldKids.size(), newKids.size());
    }

    /** One internal token per algorithm from {@code replica}. */
    private static List<String> mint(BrokerProcess replica) {
        List<String> tokens = new ArrayList<>();
        for (String role : List.of(ROLES.get("ES256"), ROLES.get("RS256"))) {
            Reply r = BrokerCalls.exchange(replica, CLUSTER.get().policies().oneTimeToken(), role);
            assertThat(r.status()).as("%s exchange at %s: %s", role, replica, r.body()).isEqualTo(200);
            tokens.add(r.accessToken());
        }
        return tokens;
    }

    /** Polls every replica's JWKS until all serve one key set holding {@code expected}; returns each document. */
    private static Map<BrokerProcess, String> awaitConverged(BrokerCluster cluster, Set<String> expected) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + CONVERGE.toNanos();
        Map<BrokerProcess, Set<String>> seen = new LinkedHashMap<>();
        while (true) {
            Map<BrokerProcess, String> docs = new LinkedHashMap<>();
            seen.clear();
            for (BrokerProcess r : cluster.replicas()) {
                String doc = BrokerCalls.jwks(r);
                docs.put(r, doc);
                seen.put(r, BrokerCalls.kids(doc));
            }
            if (new HashSet<>(seen.values()).size() == 1 && seen.values().iterator().next().containsAll(expected)) {
                System.out.printf("jwks converged in %d ms: %d keys on every replica%n", (System.nanoTime() - start) / 1_000_000,
                        seen.values().iterator().next().size());
                return docs;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("replicas did not converge on a JWKS holding " + expected + " within " + CONVERGE + ": " + seen);
            }
            Thread.sleep(100);
        }
    }

    private static Map<SigningAlgorithm, ManagedKey> awaitPhase(FileKeyRingStore store, KeyPhase phase) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<SigningAlgorithm, ManagedKey> found = byAlgorithm(store.load(), phase);
        while (found.size() < ROLES.size() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = byAlgorithm(store.load(), phase);
        }
        assertThat(found).as("a %s key per algorithm in replica 1's ring", phase).hasSize(ROLES.size());
        return found;
    }

    private static Map<SigningAlgorithm, ManagedKey> byAlgorithm(List<ManagedKey> keys, KeyPhase phase) {
        Map<SigningAlgorithm, ManagedKey> out = new LinkedHashMap<>();
        keys.stream().filter(k -> k.phase() == phase).forEach(k -> out.put(k.algorithm(), k));
        return out;
    }

    /** The key with every instant of its history moved {@code shift} earlier. */
    private static ManagedKey aged(ManagedKey k, Duration shift) {
        return new ManagedKey(k.kid(), k.algorithm(), k.keyPair(), k.createdAt().minus(shift), k.activatesAt().minus(shift),
                k.activatedAt() == null ? null : k.activatedAt().minus(shift), k.retiredAt() == null ? null : k.retiredAt().minus(shift));
    }

    private static Map<String, String> directory(BrokerCluster cluster) {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(cluster.redis().uri()));
            return new RedisKeyDirectory(redis, Duration.ofSeconds(5)).readAll();
        } finally {
            vertx.closeAndAwait();
        }
    }

    private static void assertVerifies(String token, String jwks, String what) throws Exception {
        assertThat(JwksVerifier.verify(token, jwks, Instant.now()).getSubject()).as(what).isEqualTo("once:" + ReplicaPolicies.SUBJECT);
    }

    private static int number(BrokerCluster cluster, BrokerProcess replica) {
        return cluster.replicas().indexOf(replica) + 1;
    }

    private static Set<String> kids(Collection<ManagedKey> keys) {
        Set<String> out = new HashSet<>();
        keys.forEach(k -> out.add(k.kid()));
        return out;
    }

    private static Set<String> kidsOf(Collection<String> tokens) {
        Set<String> out = new HashSet<>();
        tokens.forEach(t -> out.add(kid(t)));
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static String kid(String token) {
        return part(token, 0).path("kid").asText();
    }

    private static JsonNode claims(String token) {
        return part(token, 1);
    }

    private static JsonNode part(String token, int index) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(token.split("\\.")[index]), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
