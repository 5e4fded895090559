package dev.wifbroker.policy.runtime;

import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.config.BrokerConfig;
import dev.wifbroker.identity.IssuerRegistry;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicyLoader;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.yaml.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The policy set in force. Loads the directory at start and whenever its files change, and swaps in
 * a new set only when the whole directory loads and passes error-level lints; otherwise the last
 * good set keeps serving and the error is logged, audited, counted and shown in readiness.
 */
@ApplicationScoped
public class PolicyRuntime {
    private static final Logger LOG = Logger.getLogger(PolicyRuntime.class);

    private final Path dir;
    private final IssuerRegistry issuers;
    private final AuditLog audit;
    private final Clock clock;
    private final PolicyEngine engine;
    private final Counter reloads;
    private final Counter failures;
    private volatile PolicySet current;
    private volatile List<Problem> lastProblems = List.of();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String lastStamp = "";

    public PolicyRuntime(BrokerConfig config, IssuerRegistry issuers, AuditLog audit, Clock clock, MeterRegistry meters) {
        this.dir = Path.of(config.policyDir());
        this.issuers = issuers;
        this.audit = audit;
        this.clock = clock;
        this.engine = new PolicyEngine(() -> current);
        this.reloads = Counter.builder("broker.policy.reloads").tag("outcome", "applied").register(meters);
        this.failures = Counter.builder("broker.policy.reloads").tag("outcome", "refused").register(meters);
        Gauge.builder("broker.policy.roles", () -> current == null ? 0 : current.roles().size()).register(meters);
        Gauge.builder("broker.policy.last.reload.failed", () -> lastError == null ? 0 : 1).register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        reload();
    }

    /** Polls the directory's file stamps; a change triggers a full load. */
    @Scheduled(every = "${broker.policy-reload-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void watch() {
        if (!stamp().equals(lastStamp)) {
            reload();
        }
    }

    /** Loads the directory now; true when a new set is in force. */
    public synchronized boolean reload() {
        lastStamp = stamp();
        PolicyLoader.Result result = PolicyLoader.load(dir);
        lastProblems = result.problems();
        String old = current == null ? null : current.version();
        if (result.set().isEmpty()) {
            List<Problem> errors = result.errors();
            lastError = errors.stream().limit(20).map(Problem::toString).collect(Collectors.joining("\n"));
            lastErrorAt = clock.instant();
            failures.increment();
            errors.forEach(p -> LOG.error(p.toString()));
            LOG.errorf("policy directory %s refused (%d errors); %s", dir.toAbsolutePath(), errors.size(),
                    old == null ? "no policy set is in force" : "keeping version " + old);
            audit.policyReload(old, null, "refused", lastError);
            return false;
        }
        PolicySet set = result.set().get();
        result.warnings().forEach(p -> LOG.warn(p.toString()));
        if (set.version().equals(old)) {
            return false;
        }
        issuers.apply(set.issuers());
        current = set;
        lastError = null;
        lastErrorAt = null;
        reloads.increment();
        LOG.infof("policy version %s in force: %d issuers, %d roles from %s", set.shortVersion(),
                set.issuers().byName().size(), set.roles().size(), dir.toAbsolutePath());
        audit.policyReload(old, set.version(), "applied", null);
        return true;
    }

    public Optional<PolicySet> current() {
        return Optional.ofNullable(current);
    }

    public PolicyEngine engine() {
        return engine;
    }

    public List<Problem> lastProblems() {
        return lastProblems;
    }

    /** The errors of the last refused load, or null when the last load succeeded. */
    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    public Path directory() {
        return dir;
    }

    /** Names, sizes and modification times of every file: cheap to compute, changes with any edit. */
    private String stamp() {
        if (!Files.isDirectory(dir)) {
            return "missing";
        }
        try (Stream<Path> files = Files.walk(dir, 3)) {
            return files.filter(Files::isRegularFile).sorted().map(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    return p + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
                } catch (IOException e) {
                    return p + ":?";
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
