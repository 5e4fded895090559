package dev.wifbroker.credential.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Replicas started moments apart: the holder's view of the recipients is older than the last announcement. */
class LateRecipientTest {

    @Test
    void a_replica_that_announced_after_the_holders_last_refresh_still_gets_a_copy() throws Exception {
        try (SharedTierFixture fixture = new SharedTierFixture()) {
            SharedTierSettings settings = SharedTierFixture.settings(Duration.ofSeconds(5));
            SharedTierFixture.Replica first = fixture.replica(settings, Clock.systemUTC());
            first.tier().refreshRecipients();
            SharedTierFixture.Replica later = fixture.replica(settings, Clock.systemUTC());
            later.tier().refreshRecipients();

            AtomicInteger calls = new AtomicInteger();
            CredentialCache.Key key = SharedTierFixture.key();
            IssuedCredential minted = first.get(key, SharedTierFixture.counting(calls, Duration.ZERO));
            IssuedCredential served = later.get(key, SharedTierFixture.counting(calls, Duration.ZERO));

            assertThat(calls).as("upstream calls for both replicas").hasValue(1);
            assertThat(served).isEqualTo(minted);
        }
    }
}
