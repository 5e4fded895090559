package dev.wifbroker.policy.runtime;

import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.identity.IssuerLookup;
import dev.wifbroker.identity.KeySources;
import dev.wifbroker.identity.TrustedIssuers;
import dev.wifbroker.keys.KeyRingConfig;
import dev.wifbroker.policy.PolicyDirectoryWatcher;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.PolicyStore;
import dev.wifbroker.policy.lint.LintSettings;
import dev.wifbroker.yaml.Problem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The policy set in force inside the running broker: a {@link PolicyStore} fed by a
 * {@link PolicyDirectoryWatcher}. A new set's issuers get their key sources ({@link KeySources}, unchanged
 * ones carried over) and the store swaps in the set and those sources as one snapshot, which the policy
 * engine and the token verifier ({@link #issuers()}) both read; a {@link PolicySetActivated} event follows
 * the swap. A refused or crashed load keeps the last good set and is logged, audited, counted and shown in
 * readiness.
 */
@ApplicationScoped
public class PolicyRuntime {
    private final Path dir;
    private final KeySources keySources;
    private final IssuerLookup issuers;
    private final PolicyStore store;
    private final PolicyEngine engine;
    private final PolicyDirectoryWatcher watcher;
    private final Consumer<PolicySetActivated> activations;

    @Inject
    public PolicyRuntime(BrokerConfig config, KeyRingConfig keys, KeySources keySources, AuditLog audit, Clock clock,
            MeterRegistry meters, Event<PolicySetActivated> activations) {
        this(config, keySources, audit, clock, meters, loader(new LintSettings(keys.maxTokenLifetime())), activations::fire);
    }

    /** Outside CDI (benchmarks, tests): {@code loader} reads the directory, {@code activations} hears of each new set. */
    public PolicyRuntime(BrokerConfig config, KeySources keySources, AuditLog audit, Clock clock, MeterRegistry meters,
            PolicyDirectoryWatcher.Loader loader, Consumer<PolicySetActivated> activations) {
        this.dir = Path.of(config.policyDir());
        this.keySources = keySources;
        this.activations = activations;
        PolicyReloadReporter reporter = new PolicyReloadReporter(dir, audit, meters);
        this.store = new PolicyStore(clock, reporter::changed);
        this.engine = new PolicyEngine(store);
        this.issuers = IssuerLookup.reading(store::trusted);
        this.watcher = new PolicyDirectoryWatcher(dir, config.policyReloadInterval(), config.policyRescanInterval(), loader,
                this::activate, store::reject, reporter::crashed, clock);
        Gauge.builder("broker.policy.roles", () -> store.current().map(s -> s.roles().size()).orElse(0)).register(meters);
        Gauge.builder("broker.policy.last.reload.failed", () -> store.status().lastErrors().isEmpty() ? 0 : 1)
                .register(meters);
    }

    /** The broker's loader: a role this broker could never serve ({@code limits}) is refused at load, not at exchange. */
    public static PolicyDirectoryWatcher.Loader loader(LintSettings limits) {
        // One instance for the broker's life: a reload recompiles only the files that changed.
        return new PolicyLoader(limits)::reload;
    }

    void onStart(@Observes StartupEvent event) {
        watcher.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        watcher.close();
        keySources.close(store.trusted());
    }

    /** The issuers of the set in force, for the token verifier. */
    @Produces
    @Singleton
    public IssuerLookup issuers() {
        return issuers;
    }

    /** The issuers in force with their key sources, for status and readiness. */
    public TrustedIssuers trustedIssuers() {
        return store.trusted();
    }

    /** Loads the directory now; true when a different set is in force afterwards. */
    public boolean reload() {
        Optional<String> before = store.status().version();
        watcher.reloadNow();
        return !store.status().version().equals(before);
    }

    /** One poll of the directory, as the background thread does it; true if it loaded. */
    public boolean poll() {
        return watcher.poll();
    }

    /** On the watcher's thread, or a caller of {@link #reload()}: one activation at a time. */
    private synchronized void activate(PolicySet set) {
        Optional<PolicySet> previous = store.current();
        TrustedIssuers trusted = keySources.replace(store.trusted(), set.issuers());
        if (store.activate(set, trusted).isPresent()) {
            activations.accept(new PolicySetActivated(previous, set));
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
        return errors.isEmpty() ? null : PolicyReloadReporter.summary(errors);
    }

    public Instant lastErrorAt() {
        return store.status().lastErrorAt().orElse(null);
    }

    /** When the watcher last looked at the directory; it advances every reload interval while the watcher lives. */
    public Instant lastPollAt() {
        return watcher.lastPollAt();
    }

    public Path directory() {
        return dir;
    }
}
