package dev.wifbroker.policy;

import dev.wifbroker.yaml.Problem;
import java.time.Instant;
import java.util.List;

/** What happened to the active policy on a load attempt: for audit events, logs and metrics. */
public sealed interface PolicyChange {

    Instant at();

    /**
     * A new set became active.
     *
     * @param previousVersion the version it replaced, or null on the first load
     */
    record Activated(String previousVersion, String version, int roles, List<Problem> warnings, Instant at)
            implements PolicyChange {}

    /**
     * A load failed; the previous set (if any) stays active.
     *
     * @param activeVersion the version still serving, or null if none has ever loaded
     * @param errors every error of the attempted load, with file:line:column
     */
    record Rejected(String activeVersion, List<Problem> errors, Instant at) implements PolicyChange {}
}
