package dev.wifbroker.identity.profile;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs of a profile's issuer execute untrusted code with the base repository's identity ("pwn requests"),
 * for the {@code privileged-trigger} lint.
 *
 * @param attribute the attribute naming what started the run ({@code event_name}), or null if the profile has none
 * @param gates bindings that gate a rule against implicitly admitted privileged triggers
 * @param nameOnly gates and guards that gate only by name (exact or {@code oneOf}): a pull request's own workflow
 *     can name any environment, so a pattern on one names no protected one
 * @param privileged the privileged values
 * @param implicitFix what to add when a rule binds no gate
 * @param runs what the issuer's runs are called ({@code runs}, {@code pipelines})
 * @param subject the {@code sub} context of a privileged run, when the subject carries one
 */
public record Triggers(String attribute, Set<String> gates, Set<String> nameOnly, List<Privileged> privileged,
        String implicitFix, String runs, Optional<PrivilegedSubject> subject) {
    /** A profile without triggers. */
    public static final Triggers NONE = new Triggers(null, Set.of(), Set.of(), List.of(), "", "runs", Optional.empty());

    public Triggers {
        gates = Set.copyOf(gates);
        nameOnly = Set.copyOf(nameOnly);
        privileged = List.copyOf(privileged);
    }

    /**
     * A value that runs code from an untrusted fork or PR with the base repository's identity.
     *
     * @param guards claims whose binding in the same rule settles the question elsewhere (another probe judges
     *     them, or a protected environment gates the job), so the value alone is not flagged
     * @param alsoCaughtBy other attribute values that every such run carries, so a deny rule on one of them
     *     excludes the trigger too (a pull_request run has ref refs/pull/N/merge and sub context pull_request)
     */
    public record Privileged(String attribute, String value, String why, Set<String> guards,
            Map<String, String> alsoCaughtBy) {

        public Privileged {
            guards = Set.copyOf(guards);
            alsoCaughtBy = Map.copyOf(alsoCaughtBy);
        }

        public Privileged(String attribute, String value, String why) {
            this(attribute, value, why, Set.of(), Map.of());
        }
    }

    /**
     * The {@code sub} context of a privileged run ({@code repo:acme/app:pull_request}).
     *
     * @param context the context, last in the subject
     * @param admits what the lint says a subject pattern admitting it admits, and the fix
     */
    public record PrivilegedSubject(String context, String admits) {}
}
