package dev.wifbroker.policy.runtime;

import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.identity.IssuerRegistry;
import dev.wifbroker.keys.KeyRingConfig;
import dev.wifbroker.policy.PolicyChange;
import dev.wifbroker.policy.PolicyDirectoryWatcher;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.PolicyStore;
import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.yaml.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The policy set in force inside the running broker: a {@link PolicyStore} fed by a
 * {@link PolicyDirectoryWatcher}. A new set's issuers go into the {@link IssuerRegistry} before the set
 * becomes active; a refused load keeps the last good set and is logged, audited, counted and shown
 * in readiness.
 */
@ApplicationScoped
public class PolicyRuntime {
    private static final Logger LOG = Logger.getLogger(PolicyRuntime.class);

    private final Path dir;
    private final IssuerRegistry issuers;
    private final AuditLog audit;
    private final PolicyStore store;
    private final PolicyEngine engine;
    private final PolicyDirectoryWatcher watcher;
    private final Counter applied;
    private final Counter refused;

    @Inject
    public PolicyRuntime(BrokerConfig config, KeyRingConfig keys, IssuerRegistry issuers, AuditLog audit, Clock clock,
            MeterRegistry meters) {
        this(config, new LintSettings(keys.maxTokenLifetime()), issuers, audit, clock, meters);
    }

    /** With the broker's default limits (benchmarks). */
    public PolicyRuntime(BrokerConfig config, IssuerRegistry issuers, AuditLog audit, Clock clock, MeterRegistry meters) {
        this(config, LintSettings.DEFAULTS, issuers, audit, clock, meters);
    }

    /** @param limits this broker's limits: a role it could never serve is refused at load, not at exchange */
    public PolicyRuntime(BrokerConfig config, LintSettings limits, IssuerRegistry issuers, AuditLog audit, Clock clock,
            MeterRegistry meters) {
        this.dir = Path.of(config.policyDir());
        this.issuers = issuers;
        this.audit = audit;
        this.store = new PolicyStore(clock, this::changed);
        this.engine = new PolicyEngine(store);
        this.watcher = new PolicyDirectoryWatcher(dir, config.policyReloadInterval(), this::activate, store::reject, limits);
        this.applied = Counter.builder("broker.policy.reloads").tag("outcome", "applied").register(meters);
        this.refused = Counter.builder("broker.policy.reloads").tag("outcome", "refused").register(meters);
        Gauge.builder("broker.policy.roles", () -> store.current().map(s -> s.roles().size()).orElse(0)).register(meters);
        Gauge.builder("broker.policy.last.reload.failed", () -> store.status().lastErrors().isEmpty() ? 0 : 1)
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        watcher.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        watcher.close();
    }

    /** Loads the directory now; true when a different set is in force afterwards. */
    public boolean reload() {
        Optional<String> before = store.status().version();
        watcher.reloadNow();
        return !store.status().version().equals(before);
    }

    private void activate(PolicySet set) {
        issuers.apply(set.issuers());
        store.activate(set);
    }

    private void changed(PolicyChange change) {
        if (change instanceof PolicyChange.Activated a) {
            applied.increment();
            a.warnings().forEach(p -> LOG.warn(p.toString()));
            LOG.infof("policy version %s in force (%d roles) from %s; previous %s", a.version(), a.roles(),
                    dir.toAbsolutePath(), a.previousVersion());
            audit.policyReload(a.previousVersion(), a.version(), "applied", null);
        } else if (change instanceof PolicyChange.Rejected r) {
            refused.increment();
            r.errors().forEach(p -> LOG.error(p.toString()));
            LOG.errorf("policy directory %s refused (%d errors); %s", dir.toAbsolutePath(), r.errors().size(),
                    r.activeVersion() == null ? "no policy set is in force" : "keeping version " + r.activeVersion());
            audit.policyReload(r.activeVersion(), null, "refused", summary(r.errors()));
        }
    }

    public Optional<PolicySet> current() {
        return store.current();
    }

    public PolicyEngine engine() {
        return engine;
    }

    /** Warnings of the set in force and errors of the last refused load. */
    public List<Problem> lastProblems() {
        List<Problem> out = new ArrayList<>(store.status().lastErrors());
        store.current().ifPresent(s -> out.addAll(s.warnings()));
        return out;
    }

    /** The errors of the last refused load, or null when the last load succeeded. */
    public String lastError() {
        List<Problem> errors = store.status().lastErrors();
        return errors.isEmpty() ? null : summary(errors);
    }

    public Instant lastErrorAt() {
        return store.status().lastErrorAt().orElse(null);
    }

    public Path directory() {
        return dir;
    }

    private static String summary(List<Problem> errors) {
        return errors.stream().limit(20).map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
