package dev.wifbroker.policy.testing;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.ClaimsIdentity;
import dev.wifbroker.policy.ConditionTrace;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.PolicyEngine;
import dev.wifbroker.policy.PolicyFiles;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.RuleTrace;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.Shadow;
import dev.wifbroker.credential.template.CredentialTemplates;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.yaml.Problem;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs policy test cases against a loaded set, with the same engine the exchange uses, and renders an allowed
 * role's credential templates as the exchange does before minting. Claims are normalized through the
 * issuer's profile exactly as a verified token's would be.
 */
public final class PolicyTestRunner {

    /** Every case of a directory's {@code tests/}, and the problems of files that did not parse. */
    public record Suite(List<PolicyTestCase> cases, List<Problem> problems) {}

    /**
     * One case's outcome.
     *
     * @param message why it failed, or a one-line summary when it passed
     */
    public record Outcome(PolicyTestCase testCase, boolean passed, String message, PolicyDecision decision) {}

    private PolicyTestRunner() {}

    public static Suite load(Path policyDir) {
        Path dir = policyDir.resolve("tests");
        List<PolicyTestCase> cases = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Suite(cases, problems);
        }
        for (Path f : YamlFile.list(dir)) {
            Problems fp = new Problems(policyDir.relativize(f).toString());
            try {
                cases.addAll(PolicyTestFileParser.parse(YamlFile.read(f), fp));
            } catch (IOException e) {
                fp.error((org.yaml.snakeyaml.nodes.Node) null, "cannot read file: " + e.getMessage());
            }
            problems.addAll(fp.all());
        }
        problems.addAll(PolicyFiles.unlisted(policyDir, "tests"));
        return new Suite(cases, problems);
    }

    public static List<Outcome> run(PolicySet set, List<PolicyTestCase> cases) {
        return run(set, cases, false);
    }

    /**
     * @param shadow judge every case against the rules its role would have with its shadow promoted
     *     ({@code policy test --shadow}): a case's {@code expectShadow}, or else its {@code expect} with its reason and
     *     failing claim; a role without shadow rules is judged on its own rules
     */
    public static List<Outcome> run(PolicySet set, List<PolicyTestCase> cases, boolean shadow) {
        return cases.stream().map(c -> run(set, c, shadow)).toList();
    }

    public static Outcome run(PolicySet set, PolicyTestCase c) {
        return run(set, c, false);
    }

    /**
     * One case. Without {@code shadow}, {@code expect} is judged against the enforced rules and, when the case gives
     * {@code expectShadow}, that against the role's shadow rules too; both must hold.
     */
    public static Outcome run(PolicySet set, PolicyTestCase c, boolean shadow) {
        IssuerSpec issuer = set.issuers().byName().get(c.issuer());
        if (issuer == null) {
            return new Outcome(c, false, "unknown issuer '" + c.issuer() + "'", null);
        }
        IdentityView identity = ClaimsIdentity.of(issuer, c.claims());
        PolicyEngine engine = PolicyEngine.of(set);
        Optional<Shadow> rules = set.role(c.role()).flatMap(Role::shadow);
        if (c.expectShadow().isPresent() && rules.isEmpty()) {
            return new Outcome(c, false, "expectShadow is given, but role '" + c.role() + "' has no shadow rules", null);
        }
        if (shadow) {
            PolicyDecision d = engine.decideShadow(identity, c.role());
            return c.expectShadow().isPresent() ? judge(c, identity, d, c.expectShadow().get(), Optional.empty(), Optional.empty(), rules)
                    : judge(c, identity, d, c.expectAllow(), c.reason(), c.failing(), rules);
        }
        Outcome enforced = judge(c, identity, engine.decide(identity, c.role()), c.expectAllow(), c.reason(), c.failing(),
                Optional.empty());
        if (!enforced.passed() || c.expectShadow().isEmpty()) {
            return enforced;
        }
        Outcome candidate = judge(c, identity, engine.decideShadow(identity, c.role()), c.expectShadow().get(), Optional.empty(),
                Optional.empty(), rules);
        return candidate.passed() ? new Outcome(c, true, enforced.message() + "; shadow: " + candidate.message(), enforced.decision())
                : new Outcome(c, false, "shadow: " + candidate.message(), candidate.decision());
    }

    /** {@code d} against what the case expects; {@code labels} names a shadow's rules as the audit event does. */
    private static Outcome judge(PolicyTestCase c, IdentityView identity, PolicyDecision d, boolean expectAllow,
            Optional<String> reason, Optional<String> failing, Optional<Shadow> labels) {
        if (d instanceof PolicyDecision.Allowed a) {
            String rule = labels.map(s -> s.label(Rule.Kind.TRUST, a.ruleIndex())).orElse("trust[" + a.ruleIndex() + "]");
            Optional<CredentialTemplates.Unrenderable> unrenderable =
                    CredentialTemplates.firstUnrenderable(a.role().credentials().all(), identity.attributes());
            if (unrenderable.isPresent()) {
                return unrenderable(c, rule, expectAllow, reason, failing, unrenderable.get(), d);
            }
            return expectAllow
                    ? new Outcome(c, true, "allowed by " + rule, d)
                    : new Outcome(c, false, "expected deny, but " + rule + " allowed", d);
        }
        PolicyDecision.Denied denied = (PolicyDecision.Denied) d;
        if (expectAllow) {
            return new Outcome(c, false, "expected allow, but denied (" + denied.reason().code() + "): " + why(denied), d);
        }
        if (reason.isPresent() && !reason.get().equals(denied.reason().code())) {
            return new Outcome(c, false, "expected reason " + reason.get() + ", got " + denied.reason().code()
                    + ": " + why(denied), d);
        }
        if (failing.isPresent() && !failingClaims(denied).contains(failing.get())) {
            return new Outcome(c, false, "expected '" + failing.get() + "' to fail, but the failing conditions were "
                    + failingClaims(denied), d);
        }
        return new Outcome(c, true, "denied (" + denied.reason().code() + "): " + why(denied), d);
    }

    /**
     * The policy allows but a credential template cannot render: the exchange refuses with {@code no_matching_rule}
     * naming the template's claim, so the case is judged as that denial.
     */
    private static Outcome unrenderable(PolicyTestCase c, String rule, boolean expectAllow, Optional<String> reason,
            Optional<String> failing, CredentialTemplates.Unrenderable u, PolicyDecision d) {
        String why = rule + " matched, but " + u.describe() + ", so the exchange refuses it";
        if (expectAllow) {
            return new Outcome(c, false, "expected allow, but denied (no_matching_rule): " + why, d);
        }
        if (reason.isPresent() && !reason.get().equals(Reason.NO_MATCHING_RULE.code())) {
            return new Outcome(c, false, "expected reason " + reason.get() + ", got no_matching_rule: " + why, d);
        }
        if (failing.isPresent() && !failing.get().equals(u.claim())) {
            return new Outcome(c, false, "expected '" + failing.get() + "' to fail, but the failing claim was ["
                    + u.claim() + "]: " + why, d);
        }
        return new Outcome(c, true, "denied (no_matching_rule): " + why, d);
    }

    /** Claims that decided the denial: the matched deny rule's conditions, or each failure of a same-issuer trust rule. */
    static List<String> failingClaims(PolicyDecision.Denied d) {
        if (d.reason() == Reason.DENIED_BY_RULE) {
            return d.trace().deny().stream().filter(RuleTrace::matched)
                    .flatMap(r -> r.conditions().stream().skip(1)).map(ConditionTrace::claim).toList();
        }
        List<RuleTrace> sameIssuer = d.trace().trust().stream().filter(RuleTrace::issuerMatched).toList();
        List<RuleTrace> rules = sameIssuer.isEmpty() ? d.trace().trust() : sameIssuer;
        return rules.stream().flatMap(r -> r.failures().stream()).map(ConditionTrace::claim).distinct().toList();
    }

    private static String why(PolicyDecision.Denied d) {
        if (d.reason() == Reason.UNKNOWN_ROLE) {
            return "no role '" + d.trace().role() + "'";
        }
        return d.trace().closestTrustRule().flatMap(RuleTrace::firstFailure).map(ConditionTrace::describe)
                .or(() -> d.trace().rules().stream().findFirst().flatMap(RuleTrace::firstFailure).map(ConditionTrace::describe))
                .orElse(d.reason().code());
    }
}
