package dev.wifbroker.policy;

import dev.wifbroker.identity.TrustedIssuers;
import dev.wifbroker.yaml.Problem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds what is in force, as one immutable {@link Status} swapped atomically: the active {@link PolicySet}
 * (version, issuers, roles), the live key sources of its issuers ({@link TrustedIssuers}, which the token
 * verifier reads) and the outcome of the last load attempt. Decisions read the active set through
 * {@link #get()}; a failed reload never replaces it. Readiness, metrics and audit read {@link #status()}
 * and receive every {@link PolicyChange}.
 */
public final class PolicyStore implements Supplier<PolicySet> {

    /**
     * A consistent snapshot for readiness details and metrics.
     *
     * @param active the serving set, if any load ever succeeded
     * @param trusted the issuers of {@code active} with their key sources ({@link TrustedIssuers#NONE} before)
     * @param activatedAt when it became active
     * @param lastErrors errors of the most recent failed load, empty after a success
     * @param lastErrorAt when that failure happened
     * @param activations successful loads so far
     * @param rejections failed loads so far
     */
    public record Status(Optional<PolicySet> active, TrustedIssuers trusted, Optional<Instant> activatedAt, List<Problem> lastErrors,
            Optional<Instant> lastErrorAt, long activations, long rejections) {

        public Optional<String> version() {
            return active.map(PolicySet::version);
        }

        /** Ready to serve decisions: some set is active, even if the latest edit was rejected. */
        public boolean ready() {
            return active.isPresent();
        }
    }

    private final Clock clock;
    private final Consumer<PolicyChange> listener;
    private final AtomicReference<Status> status = new AtomicReference<>(
            new Status(Optional.empty(), TrustedIssuers.NONE, Optional.empty(), List.of(), Optional.empty(), 0, 0));

    /** @param listener told of every activation and rejection (audit event, log line, metric); must not throw */
    public PolicyStore(Clock clock, Consumer<PolicyChange> listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /** The active set; throws before the first successful load, which readiness prevents from being reached. */
    @Override
    public PolicySet get() {
        return status.get().active().orElseThrow(() -> new IllegalStateException("no trust policy has loaded yet"));
    }

    public Optional<PolicySet> current() {
        return status.get().active();
    }

    public Status status() {
        return status.get();
    }

    /** The issuers of the active set with their key sources; {@link TrustedIssuers#NONE} before the first load. */
    public TrustedIssuers trusted() {
        return status.get().trusted();
    }

    /** Makes {@code set} active with no key sources: for a store no verifier reads (tests, tools). */
    public Optional<PolicyChange.Activated> activate(PolicySet set) {
        return activate(set, TrustedIssuers.NONE);
    }

    /**
     * Makes {@code set} active together with {@code trusted}, its issuers' key sources, in one swap; a set with the
     * version already active is a no-op (returns empty) apart from taking {@code trusted}.
     */
    public Optional<PolicyChange.Activated> activate(PolicySet set, TrustedIssuers trusted) {
        Instant now = clock.instant();
        Status before = status.get();
        if (before.active().map(PolicySet::version).filter(set.version()::equals).isPresent()) {
            status.set(new Status(before.active(), trusted, before.activatedAt(), List.of(), Optional.empty(),
                    before.activations(), before.rejections()));
            return Optional.empty();
        }
        status.set(new Status(Optional.of(set), trusted, Optional.of(now), List.of(), Optional.empty(),
                before.activations() + 1, before.rejections()));
        PolicyChange.Activated change = new PolicyChange.Activated(before.version().orElse(null), set.version(),
                set.roles().size(), set.warnings(), now);
        listener.accept(change);
        return Optional.of(change);
    }

    /** Records a failed load; the active set stays. */
    public PolicyChange.Rejected reject(List<Problem> errors) {
        Instant now = clock.instant();
        Status before = status.get();
        status.set(new Status(before.active(), before.trusted(), before.activatedAt(), List.copyOf(errors), Optional.of(now),
                before.activations(), before.rejections() + 1));
        PolicyChange.Rejected change = new PolicyChange.Rejected(before.version().orElse(null), List.copyOf(errors), now);
        listener.accept(change);
        return change;
    }
}
