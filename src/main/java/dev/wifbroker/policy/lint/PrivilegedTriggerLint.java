package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.profile.Triggers;
import dev.wifbroker.identity.profile.Triggers.Privileged;
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
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (Rule rule : role.trust()) {
            IssuerSpec issuer = issuers.issuer(rule.issuer());
            if (issuer == null) {
                continue;
            }
            Triggers triggers = issuer.profile().spec().triggers();
            for (Privileged p : triggers.privileged()) {
                if (guarded(rule, p, triggers)) {
                    continue;
                }
                Optional<Condition> c = rule.condition(p.attribute());
                if (c.isPresent() && c.get().matcher().matches(p.value()) && !deniedByRule(role, rule.issuer(), p)) {
                    findings.error(id(), c.get().pos(), "'" + p.attribute() + "': " + c.get().matcher().describe() + " admits '"
                            + p.value() + "': " + p.why() + ". Fix: remove it, or restrict to trusted events (e.g. push,"
                            + " workflow_dispatch)" + (p.guards().isEmpty() ? "" : " or bind ref or a protected environment"));
                }
            }
            triggers.subject().ifPresent(subject -> rule.condition("sub")
                    .filter(c -> admitsSubjectContext(c.matcher(), subject.context()))
                    .ifPresent(c -> findings.error(id(), c.pos(), "'sub': " + c.matcher().describe() + " admits "
                            + subject.admits())));
            implicit(role, rule, triggers, findings);
        }
    }

    /** Privileged triggers a rule admits because it binds none of its profile's trigger gates, less those denied. */
    private void implicit(Role role, Rule rule, Triggers triggers, Findings findings) {
        String trigger = triggers.attribute();
        Set<String> gates = triggers.gates();
        if (trigger == null || gates.stream().anyMatch(g -> pinned(rule, g, triggers))) {
            return;
        }
        List<String> admitted = triggers.privileged().stream()
                .filter(p -> p.attribute().equals(trigger) && !guarded(rule, p, triggers)
                        && !deniedByRule(role, rule.issuer(), p))
                .map(Privileged::value).toList();
        if (admitted.isEmpty()) {
            return;
        }
        findings.warning(id(), rule.pos(), rule.label() + " binds none of " + gates.stream().sorted().toList() + ", so "
                + String.join(", ", admitted) + " " + triggers.runs() + " are admitted (no deny rule excludes them). Fix: "
                + triggers.implicitFix() + ", or deny " + trigger + " " + admitted);
    }

    /** Whether another binding of the rule settles this trigger (and so another probe, or a gate, judges it). */
    private static boolean guarded(Rule rule, Privileged p, Triggers triggers) {
        return p.guards().stream().anyMatch(g -> pinned(rule, g, triggers));
    }

    /**
     * Whether the rule binds the claim to chosen values. A name-only gate such as an environment gates only by name
     * (exact or {@code oneOf}): a pull request's own workflow can name any environment, so {@code {present: true}},
     * {@code {not: dev}} or {@code {regex: "[a-z]+"}} name no protected one. Other claims are judged by their own probes,
     * so a pattern that refuses an arbitrary value counts.
     */
    private static boolean pinned(Rule rule, String claim, Triggers triggers) {
        return rule.condition(claim).map(Condition::matcher).filter(m -> triggers.nameOnly().contains(claim)
                ? m instanceof Matcher.Exact || m instanceof Matcher.OneOf
                : Probes.binds(m) && !m.test(Probes.RANDOM)).isPresent();
    }

    /**
     * Whether a {@code sub} matcher accepts {@code <its literal prefix up to the last ':'><context>}: the subject of a
     * privileged run of the same repository (e.g. {@code repo:acme/app:*} and {@code pull_request}). Exact subjects
     * only admit it if they literally end in {@code :<context>}.
     */
    private static boolean admitsSubjectContext(Matcher m, String context) {
        if (m instanceof Matcher.Exact || m instanceof Matcher.OneOf) {
            List<String> values = m instanceof Matcher.Exact e ? List.of(e.value()) : ((Matcher.OneOf) m).values();
            return values.stream().anyMatch(v -> v.endsWith(":" + context));
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
        return colon > 0 && m.test(text.substring(0, colon + 1) + context);
    }

    /**
     * True if a deny rule of the same issuer, whose only condition is on the probe's attribute (or on another
     * attribute every such run carries), catches the value. Deny rules with more conditions or a {@code when}
     * exclude only part of the trigger, so they do not count.
     */
    private static boolean deniedByRule(Role role, String issuer, Privileged p) {
        Map<String, String> caught = new HashMap<>(p.alsoCaughtBy());
        caught.put(p.attribute(), p.value());
        return role.deny().stream().anyMatch(d -> d.issuer().equals(issuer) && d.conditions().size() == 1
                && d.when().isEmpty() && caught.containsKey(d.conditions().get(0).claim())
                && d.conditions().get(0).matcher().matches(caught.get(d.conditions().get(0).claim())));
    }
}
