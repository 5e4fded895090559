package dev.wifbroker.policy.runtime;

import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.policy.PolicyChange;
import dev.wifbroker.yaml.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes every load attempt visible: a log line, an audit {@code policy_reload} event and the
 * {@code broker.policy.reloads} counter (outcome {@code applied}, {@code refused}, or {@code crashed} for a
 * load that threw). The same refusal repeated (a crash retried, a broken file touched again) is logged
 * once, then only at debug, so a stuck directory cannot flood the log; audit and metrics see every attempt.
 */
final class PolicyReloadReporter {
    private static final Logger LOG = Logger.getLogger(PolicyRuntime.class);

    private final Path dir;
    private final AuditLog audit;
    private final Counter applied;
    private final Counter refused;
    private final Counter crashed;
    private String lastLogged;
    private String lastCrash;

    PolicyReloadReporter(Path dir, AuditLog audit, MeterRegistry meters) {
        this.dir = dir;
        this.audit = audit;
        this.applied = Counter.builder("broker.policy.reloads").tag("outcome", "applied").register(meters);
        this.refused = Counter.builder("broker.policy.reloads").tag("outcome", "refused").register(meters);
        this.crashed = Counter.builder("broker.policy.reloads").tag("outcome", "crashed").register(meters);
    }

    synchronized void changed(PolicyChange change) {
        if (change instanceof PolicyChange.Activated a) {
            applied.increment();
            lastLogged = null;
            lastCrash = null;
            a.warnings().forEach(p -> LOG.warn(p.toString()));
            LOG.infof("policy version %s in force (%d roles) from %s; previous %s", a.version(), a.roles(),
                    dir.toAbsolutePath(), a.previousVersion());
            audit.policyReload(a.previousVersion(), a.version(), "applied", null);
        } else if (change instanceof PolicyChange.Rejected r) {
            refused.increment();
            String summary = summary(r.errors());
            String keeping = r.activeVersion() == null ? "no policy set is in force" : "keeping version " + r.activeVersion();
            if (summary.equals(lastLogged)) {
                LOG.debugf("policy directory %s still refused with the same %d errors; %s", dir.toAbsolutePath(),
                        r.errors().size(), keeping);
            } else {
                lastLogged = summary;
                r.errors().forEach(p -> LOG.error(p.toString()));
                LOG.errorf("policy directory %s refused (%d errors); %s", dir.toAbsolutePath(), r.errors().size(), keeping);
            }
            audit.policyReload(r.activeVersion(), null, "refused", summary);
        }
    }

    /** A load that threw; its refusal follows through {@link #changed}. The stack trace is logged once per distinct failure. */
    synchronized void crashed(Throwable t) {
        crashed.increment();
        if (!t.toString().equals(lastCrash)) {
            lastCrash = t.toString();
            LOG.error("loading policy directory " + dir.toAbsolutePath() + " threw; the last good set stays in force", t);
        }
    }

    static String summary(List<Problem> errors) {
        return errors.stream().limit(20).map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
