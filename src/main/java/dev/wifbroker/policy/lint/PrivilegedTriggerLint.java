package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Condition;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code privileged-trigger}: a trust rule that admits a trigger running untrusted code with the base
 * repository's identity ({@code pull_request_target}, {@code workflow_run}, {@code refs/pull/*},
 * {@code pull_request} when nothing else in the rule excludes it, GitLab merge-request and external
 * pull-request pipelines) is an error ("pwn request"). A GitHub or GitLab rule that leaves the trigger
 * unbound admits them implicitly, which is a warning naming every such trigger no deny rule excludes. Each
 * privileged value is judged on its own: a deny rule for one trigger never hides another.
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
                if (p.profile() != kind || guarded(rule, p)) {
                    continue;
                }
                Optional<Condition> c = rule.condition(p.attribute());
                if (c.isPresent() && c.get().matcher().matches(p.value()) && !deniedByRule(role, rule.issuer(), p)) {
                    findings.error(id(), c.get().pos(), "'" + p.attribute() + "': " + c.get().matcher().describe() + " admits '"
                            + p.value() + "': " + p.why() + ". Fix: remove it, or restrict to trusted events (e.g. push,"
                            + " workflow_dispatch)" + (p.guards().isEmpty() ? "" : " or bind ref or a protected environment"));
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

    /** Privileged triggers a rule admits because it binds none of its profile's trigger gates, less those denied. */
    private void implicit(Role role, Rule rule, ProfileKind kind, Findings findings) {
        String trigger = Probes.TRIGGER.get(kind);
        Set<String> gates = Probes.TRIGGER_GATES.getOrDefault(kind, Set.of());
        if (trigger == null || gates.stream().anyMatch(g -> pinned(rule, g))) {
            return;
        }
        List<String> admitted = Probes.PRIVILEGED.stream()
                .filter(p -> p.profile() == kind && p.attribute().equals(trigger) && !guarded(rule, p)
                        && !deniedByRule(role, rule.issuer(), p))
                .map(Probes.Privileged::value).toList();
        if (admitted.isEmpty()) {
            return;
        }
        String fix = kind == ProfileKind.GITLAB ? "add ref_protected: \"true\" or pipeline_source"
                : "add event_name: {oneOf: [push, workflow_dispatch]} or a protected environment";
        findings.warning(id(), rule.pos(), rule.label() + " binds none of " + gates.stream().sorted().toList() + ", so "
                + String.join(", ", admitted) + " " + (kind == ProfileKind.GITLAB ? "pipelines" : "runs")
                + " are admitted (no deny rule excludes them). Fix: " + fix + ", or deny " + trigger + " "
                + admitted);
    }

    /** Whether another binding of the rule settles this trigger (and so another probe, or a gate, judges it). */
    private static boolean guarded(Rule rule, Probes.Privileged p) {
        return p.guards().stream().anyMatch(g -> pinned(rule, g));
    }

    /**
     * Whether the rule binds the claim to chosen values. An environment gates only by name (exact or {@code oneOf}): a
     * pull request's own workflow can name any environment, so {@code {present: true}}, {@code {not: dev}} or
     * {@code {regex: "[a-z]+"}} name no protected one. Other claims are judged by their own probes, so a pattern that
     * refuses an arbitrary value counts.
     */
    private static boolean pinned(Rule rule, String claim) {
        return rule.condition(claim).map(Condition::matcher).filter(m -> claim.equals("environment")
                ? m instanceof Matcher.Exact || m instanceof Matcher.OneOf
                : Probes.binds(m) && !m.test(Probes.RANDOM)).isPresent();
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

    /**
     * True if a deny rule of the same issuer, whose only condition is on the probe's attribute (or on another
     * attribute every such run carries), catches the value. Deny rules with more conditions or a {@code when}
     * exclude only part of the trigger, so they do not count.
     */
    private static boolean deniedByRule(Role role, String issuer, Probes.Privileged p) {
        Map<String, String> caught = new HashMap<>(p.alsoCaughtBy());
        caught.put(p.attribute(), p.value());
        return role.deny().stream().anyMatch(d -> d.issuer().equals(issuer) && d.conditions().size() == 1
                && d.when().isEmpty() && caught.containsKey(d.conditions().get(0).claim())
                && d.conditions().get(0).matcher().matches(caught.get(d.conditions().get(0).claim())));
    }
}
