package dev.wifbroker.keys;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Drives {@link KeyRing#rotate()}: once at startup, so keys exist (and are generated) before the first
 * request, then every {@code broker.keys.check-interval}. Operators alert on
 * {@code broker_keys_rotation_failures_total} and on the active key's age exceeding the rotation period.
 */
@ApplicationScoped
public class KeyRotationSchedule {
    private static final Logger LOG = Logger.getLogger(KeyRotationSchedule.class);

    private final KeyRing ring;
    private final Counter failures;

    public KeyRotationSchedule(KeyRing ring, MeterRegistry meters, Clock clock) {
        this.ring = ring;
        this.failures = Counter.builder("broker.keys.rotation.failures")
                .description("Key rotation checks that failed (the previous keys stayed in force)")
                .register(meters);
        Gauge.builder("broker.keys.published", () -> ring.snapshot().keys().size())
                .description("Keys in the broker's JWKS: published, active and retired")
                .register(meters);
        for (SigningAlgorithm alg : ring.settings().algorithms()) {
            Gauge.builder("broker.keys.active.age.seconds", () -> ring.snapshot().active(alg)
                            .map(k -> Duration.between(k.activatedAt(), clock.instant()).toSeconds())
                            .orElse(-1L))
                    .description("How long the active key has been signing; above the rotation period means rotation is stuck")
                    .tag("alg", alg.jwsName())
                    .register(meters);
        }
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("key ring ready, jwks version %s", ring.snapshot().version());
    }

    @Scheduled(identity = "key-rotation", every = "${broker.keys.check-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            ring.rotate();
        } catch (RuntimeException e) {
            failures.increment();
            // The previous keys stay in force; the next tick retries. Messages here name files and kids only.
            LOG.errorf("key rotation failed, keeping the current keys: %s", e.toString());
        }
    }
}
