package dev.wifbroker.keys;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Drives {@link KeyRing#rotate()}: once at startup, so keys exist (and are generated) before the first
 * request, then every {@code broker.keys.check-interval}.
 */
@ApplicationScoped
public class KeyRotationSchedule {
    private static final Logger LOG = Logger.getLogger(KeyRotationSchedule.class);

    private final KeyRing ring;

    public KeyRotationSchedule(KeyRing ring) {
        this.ring = ring;
    }

    void onStart(@Observes StartupEvent event) {
        LOG.infof("key ring ready, version %s", ring.snapshot().version());
    }

    @Scheduled(identity = "key-rotation", every = "${broker.keys.check-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            ring.rotate();
        } catch (RuntimeException e) {
            // The previous keys stay in force; the next tick retries. Messages here name files and kids only.
            LOG.errorf("key rotation failed, keeping the current keys: %s", e.toString());
        }
    }
}
