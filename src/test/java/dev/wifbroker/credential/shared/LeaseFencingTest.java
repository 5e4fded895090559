package dev.wifbroker.credential.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.credential.shared.SharedCredentialStore.Acquired;
import dev.wifbroker.credential.shared.SharedCredentialStore.Held;
import dev.wifbroker.credential.shared.SharedCredentialStore.Sealed;
import dev.wifbroker.guard.redis.RedisCalls;
import dev.wifbroker.guard.redis.RedisReplicas;
import dev.wifbroker.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The entry write is fenced by the lease, against a real redis-server. */
class LeaseFencingTest {

    @Test
    void a_holder_that_stalled_past_its_lease_while_another_replica_took_over_writes_nothing() throws Exception {
        try (RedisServer server = RedisServer.start(); RedisReplicas replicas = new RedisReplicas(server)) {
            RedisCredentialStore stalled = new RedisCredentialStore(replicas.calls(Duration.ofSeconds(2)));
            RedisCredentialStore takeover = new RedisCredentialStore(replicas.calls(Duration.ofSeconds(2)));
            String digest = "a".repeat(64);
            assertThat(stalled.lookup(digest, "kid-a", null, "token-a", Duration.ofMillis(200))).isInstanceOf(Acquired.class);
            Thread.sleep(400);
            assertThat(takeover.lookup(digest, "kid-b", null, "token-b", Duration.ofSeconds(10))).as("the lease expired")
                    .isInstanceOf(Acquired.class);

            stalled.store(digest, Map.of("kid-a", "late", "kid-b", "late"), Duration.ofMinutes(5), "token-a");
            assertThat(takeover.lookup(digest, "kid-b", null, "token-b", Duration.ofSeconds(10)))
                    .as("nothing written by the stalled holder; the lease is still the new holder's").isInstanceOf(Held.class);

            takeover.store(digest, Map.of("kid-b", "fresh"), Duration.ofMinutes(5), "token-b");
            assertThat(takeover.lookup(digest, "kid-b", null, "token-c", Duration.ofSeconds(10))).isEqualTo(new Sealed("fresh"));
            assertThat(stalled.lookup(digest, "kid-a", null, "token-d", Duration.ofSeconds(10))).as("no copy for kid-a: a miss")
                    .isInstanceOf(Acquired.class);
            assertThat(takeover.lookup(digest, "kid-x", null, "token-e", Duration.ofSeconds(10))).isInstanceOf(Held.class);
        }
    }

    @Test
    void a_holder_whose_lease_merely_expired_still_stores_its_entry() throws Exception {
        try (RedisServer server = RedisServer.start(); RedisReplicas replicas = new RedisReplicas(server)) {
            RedisCredentialStore holder = new RedisCredentialStore(replicas.calls(Duration.ofSeconds(2)));
            String digest = "b".repeat(64);
            assertThat(holder.lookup(digest, "kid-a", null, "token-a", Duration.ofMillis(100))).isInstanceOf(Acquired.class);
            Thread.sleep(300);
            holder.store(digest, Map.of("kid-a", "sealed"), Duration.ofMinutes(5), "token-a");
            assertThat(holder.lookup(digest, "kid-a", null, "token-z", Duration.ofSeconds(10))).isEqualTo(new Sealed("sealed"));
        }
    }

    @Test
    void redis_errors_lose_the_user_info_of_any_endpoint_they_name() {
        String message = "Failed obtaining connection to: rediss://wif-broker:s3cr%2Ft-pw@10.0.0.5:6379 (and redis://:other@host:1)";
        assertThat(RedisCalls.redacted(message)).doesNotContain("s3cr", "other", "wif-broker:")
                .contains("rediss://***@10.0.0.5:6379", "redis://***@host:1");
    }
}
