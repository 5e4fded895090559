package dev.wifbroker.identity;

import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.yaml.Problem;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Loads the trusted issuers of the policy directory at start. A broken directory does not stop the
 * broker: it stays live, reports not-ready with every problem, and verifies nothing.
 */
@ApplicationScoped
public class IssuerStartup {
    private static final Logger LOG = Logger.getLogger(IssuerStartup.class);

    private final IssuerRegistry registry;
    private final BrokerConfig config;
    private volatile List<Problem> problems = List.of();
    private volatile boolean loaded;

    public IssuerStartup(IssuerRegistry registry, BrokerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        load();
    }

    public synchronized void load() {
        Path dir = Path.of(config.policyDir());
        IssuerCatalog.LoadResult result = IssuerCatalog.load(dir);
        problems = result.problems();
        problems.forEach(p -> {
            if (p.isError()) {
                LOG.error(p.toString());
            } else {
                LOG.warn(p.toString());
            }
        });
        result.catalog().ifPresent(catalog -> {
            registry.apply(catalog);
            loaded = true;
            LOG.infof("trusted issuers loaded from %s: %s", dir.toAbsolutePath(), catalog.byName().keySet());
        });
    }

    public boolean loaded() {
        return loaded;
    }

    public List<Problem> problems() {
        return problems;
    }
}
