package dev.wifbroker.credential.shared;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/** {@code broker_credential_shared_total{outcome}}: what the shared tier did on each local miss. */
final class SharedTierMetrics {

    enum Outcome {
        /** served another replica's entry at once */
        HIT,
        /** served another replica's entry after waiting for its lease */
        HIT_AFTER_WAIT,
        /** held the lease and called upstream */
        MINTED,
        /** the same, after waiting for a lease that was released or expired without an entry */
        TAKEOVER,
        /** an entry was refused (does not decrypt, another digest, wrong kind) and minted over */
        REFUSED,
        /** an entry was past its expiry minus the margin */
        STALE,
        /** gave up waiting: 503 */
        WAIT_TIMEOUT,
        /** the store did not answer: this replica minted on its own */
        STORE_UNAVAILABLE
    }

    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

    SharedTierMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            counters.put(o, Counter.builder("broker.credential.shared")
                    .description("Local credential cache misses by what the replicas' shared tier did")
                    .tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
    }

    void count(Outcome outcome) {
        counters.get(outcome).increment();
    }

    long count(String outcome) {
        return (long) counters.get(Outcome.valueOf(outcome)).count();
    }
}
