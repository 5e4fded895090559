package dev.wifbroker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.credential.shared.RedisIssuedTokens;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.guard.redis.RedisReplicas;
import dev.wifbroker.testing.RedisServer;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IssuedTokensTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    static IssuedTokens.Entry entry(Instant expiresAt) {
        return new IssuedTokens.Entry("deployer@proj.iam.gserviceaccount.com", "gcp-deploy",
                List.of("https://www.googleapis.com/auth/cloud-platform"), expiresAt);
    }

    @Test
    void memory_answers_until_the_token_expires_and_never_for_another() {
        MutableClock clock = new MutableClock(NOW);
        MemoryIssuedTokens tokens = new MemoryIssuedTokens(clock, 10);
        tokens.remember("ya29.a", entry(NOW.plusSeconds(60)));

        assertThat(tokens.lookup("ya29.a")).hasValue(entry(NOW.plusSeconds(60)));
        assertThat(tokens.lookup("ya29.b")).isEmpty();
        clock.now = NOW.plusSeconds(60);
        assertThat(tokens.lookup("ya29.a")).as("expired at exp").isEmpty();
    }

    @Test
    void memory_forgets_the_oldest_beyond_its_capacity() {
        MemoryIssuedTokens tokens = new MemoryIssuedTokens(new MutableClock(NOW), 3);
        for (int i = 0; i < 5; i++) {
            tokens.remember("ya29." + i, entry(NOW.plusSeconds(600)));
        }
        assertThat(tokens.lookup("ya29.0")).isEmpty();
        assertThat(tokens.lookup("ya29.1")).isEmpty();
        assertThat(tokens.lookup("ya29.4")).isPresent();
    }

    @Test
    void redis_lets_every_replica_answer_under_the_brokers_acl_and_keeps_only_a_digest() throws Exception {
        List<String> args = new ArrayList<>(List.of("--user", "default", "on", "nopass", "~*", "&*", "+@all"));
        args.addAll(RedisServer.aclUser("broker", "broker-secret", RedisServer.BROKER_ACL));
        try (RedisServer server = RedisServer.start(args.toArray(String[]::new));
                RedisReplicas replicas = new RedisReplicas(() -> new RedisOptions()
                        .setConnectionString("redis://broker:broker-secret@127.0.0.1:" + server.port()))) {
            Clock clock = Clock.systemUTC();
            RedisIssuedTokens a = new RedisIssuedTokens(replicas.calls(), clock);
            RedisIssuedTokens b = new RedisIssuedTokens(replicas.calls(), clock);
            Instant exp = Instant.ofEpochSecond(clock.instant().plusSeconds(2).getEpochSecond() + 1);

            a.remember("ya29.shared-token", entry(exp));

            assertThat(b.lookup("ya29.shared-token")).hasValue(entry(exp));
            assertThat(b.lookup("ya29.other")).isEmpty();
            String keys = server.cli("--scan", "--pattern", "*");
            assertThat(keys).startsWith("{wif}:issued:").doesNotContain("ya29");
            long ttl = Long.parseLong(server.cli("pttl", keys.strip()).strip());
            assertThat(ttl).as("expires with the token").isBetween(1L, 3_000L);

            server.cli("set", keys.strip(), "{\"username\": 7}");
            assertThat(b.lookup("ya29.shared-token")).as("an entry this code did not write is unknown").isEmpty();

            a.remember("ya29.expired", entry(clock.instant().minusSeconds(1)));
            assertThat(b.lookup("ya29.expired")).isEmpty();
        }
    }

    @Test
    void redis_unavailable_fails_a_lookup_and_costs_a_remember_only_its_entry() throws Exception {
        try (RedisServer server = RedisServer.start(); RedisReplicas replicas = new RedisReplicas(server)) {
            RedisIssuedTokens tokens = new RedisIssuedTokens(replicas.calls(Duration.ofMillis(200)), Clock.systemUTC());
            server.stop();
            assertThatThrownBy(() -> tokens.lookup("ya29.x")).isInstanceOf(StoreUnavailableException.class);
            // The token was already issued by the cloud: not remembering it must not fail the exchange.
            tokens.remember("ya29.x", entry(Instant.now().plusSeconds(60)));
        }
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
