package dev.wifbroker.keys;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Says so when a dev-mode live reload (an edit, or {@code ./mvnw package} beside {@code ./mvnw quarkus:dev}, which
 * recompiles the classes it watches) restarted the broker with a fresh in-memory key ring: tokens it issued before
 * the restart no longer verify against its JWKS. The count of starts lives in a system property because a live
 * reload replaces every class loader of the application but keeps the JVM.
 */
@ApplicationScoped
public class DevRestartNotice {
    private static final Logger LOG = Logger.getLogger(DevRestartNotice.class);
    static final String STARTS = "wif-broker.dev.starts";

    private final KeyRingConfig config;

    public DevRestartNotice(KeyRingConfig config) {
        this.config = config;
    }

    void started(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            return;
        }
        int before = Integer.getInteger(STARTS, 0);
        System.setProperty(STARTS, Integer.toString(before + 1));
        notice(config.store(), before).ifPresent(LOG::warn);
    }

    /** The line a dev-mode start logs after {@code priorStarts} earlier starts in this JVM, if any. */
    static Optional<String> notice(KeyRingConfig.StoreKind store, int priorStarts) {
        if (priorStarts == 0 || store != KeyRingConfig.StoreKind.MEMORY) {
            return Optional.empty();
        }
        return Optional.of("dev mode restarted (live reload #" + priorStarts + "): the broker's signing keys were regenerated"
                + " (broker.keys.store=memory); tokens it issued before this restart no longer verify. Keep keys across"
                + " reloads with -Dbroker.keys.store=file");
    }
}
