package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.List;
import java.util.Optional;

/**
 * {@code privileged-trigger}: a trust rule that admits a trigger running untrusted code with the base
 * repository's identity ({@code pull_request_target}, {@code workflow_run}, {@code refs/pull/*}, GitLab
 * merge-request pipelines) is an error ("pwn request"). A GitHub or GitLab rule that leaves the trigger
 * unbound admits them implicitly, which is a warning unless a deny rule excludes them.
 */
final class PrivilegedTriggerLint implements Lint {

    @Override
    public String id() {
        return "privileged-trigger";
    }

    @Override
    public void check(Role role, IssuerLookup issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            IssuerSpec issuer = issuers.issuer(rule.issuer());
            if (issuer == null) {
                continue;
            }
            ProfileKind kind = issuer.profile().kind();
            for (Probes.Privileged p : Probes.PRIVILEGED) {
                if (p.profile() != kind) {
                    continue;
                }
                Optional<Condition> c = rule.condition(p.attribute());
                if (c.isPresent() && c.get().matcher().matches(p.value()) && !deniedByRule(role, rule.issuer(), p)) {
                    findings.error(id(), c.get().pos(), "'" + p.attribute() + "': " + c.get().matcher().describe() + " admits '"
                            + p.value() + "': " + p.why() + ". Fix: remove it, or restrict to trusted events (e.g. push,"
                            + " workflow_dispatch)");
                }
            }
            if (kind == ProfileKind.GITHUB_ACTIONS) {
                rule.condition("sub").filter(c -> admitsPullRequestSubject(c.matcher()))
                        .ifPresent(c -> findings.error(id(), c.pos(), "'sub': " + c.matcher().describe() + " admits the"
                                + " pull_request subject context: code proposed in a pull request. Fix: bind ref and"
                                + " event_name instead of sub, or end the pattern with :ref:refs/heads/main"));
            }
            implicit(role, rule, kind, findings);
        }
    }

    private void implicit(Role role, Rule rule, ProfileKind kind, Findings findings) {
        if (kind == ProfileKind.GITHUB_ACTIONS && rule.condition("event_name").isEmpty()
                && rule.condition("environment").isEmpty() && rule.condition("sub_context").isEmpty()
                && !deniedByRule(role, rule.issuer(), Probes.PRIVILEGED.get(0))) {
            findings.warning(id(), rule.pos(), rule.label() + " binds neither event_name nor environment, so"
                    + " pull_request_target and workflow_run runs on the same ref are admitted. Fix: add event_name:"
                    + " {oneOf: [push, workflow_dispatch]} or a protected environment");
        }
        if (kind == ProfileKind.GITLAB && rule.condition("pipeline_source").isEmpty()
                && rule.condition("ref_protected").isEmpty()
                && !deniedByRule(role, rule.issuer(), Probes.PRIVILEGED.get(4))) {
            findings.warning(id(), rule.pos(), rule.label() + " binds neither pipeline_source nor ref_protected, so"
                    + " merge-request pipelines are admitted. Fix: add ref_protected: \"true\" or pipeline_source");
        }
    }

    /** Exact subjects only admit pull requests if they literally end in the pull_request context. */
    private static final java.util.function.Predicate<String> IS_PR = v -> v.endsWith(":pull_request");

    /**
     * Whether a {@code sub} matcher accepts {@code <its literal prefix up to the last ':'>pull_request}: the
     * subject of a pull_request run of the same repository (e.g. {@code repo:acme/app:*}).
     */
    private static boolean admitsPullRequestSubject(Matcher m) {
        if (m instanceof Matcher.Exact || m instanceof Matcher.OneOf) {
            List<String> values = m instanceof Matcher.Exact e ? List.of(e.value()) : ((Matcher.OneOf) m).values();
            return values.stream().anyMatch(IS_PR);
        }
        String text = m instanceof Matcher.Glob g ? g.pattern() : m instanceof Matcher.Regex r ? r.pattern() : null;
        if (text == null) {
            return false;
        }
        String specials = m instanceof Matcher.Glob ? "*?" : ".*+?[(|\\";
        int end = 0;
        while (end < text.length() && specials.indexOf(text.charAt(end)) < 0) {
            end++;
        }
        int colon = text.lastIndexOf(':', end - 1);
        return colon > 0 && m.test(text.substring(0, colon + 1) + "pull_request");
    }

    /** True if a deny rule of the same issuer, whose only condition is on the probe's attribute, catches the value. */
    private static boolean deniedByRule(Role role, String issuer, Probes.Privileged p) {
        return role.deny().stream().anyMatch(d -> d.issuer().equals(issuer) && d.conditions().size() == 1
                && d.when().isEmpty() && d.conditions().get(0).claim().equals(p.attribute())
                && d.conditions().get(0).matcher().matches(p.value()));
    }
}
