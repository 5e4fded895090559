package dev.wifbroker.policy.runtime;

import dev.wifbroker.policy.PolicySet;
import java.util.Optional;

/**
 * A CDI event: {@code current} has just become the set in force, replacing {@code previous}. Observers
 * drop whatever they derived from the previous set (cached cloud credentials); they run on the
 * watcher's thread, after the swap.
 */
public record PolicySetActivated(Optional<PolicySet> previous, PolicySet current) {}
