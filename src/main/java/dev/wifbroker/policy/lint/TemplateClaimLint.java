package dev.wifbroker.policy.lint;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.policy.match.Matcher;
import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.Rule;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.credential.template.CredentialTemplates;
import java.util.Optional;

/**
 * {@code template-claim-may-be-absent} (error): a credential template reads a claim the issuer's profile emits
 * only for some tokens (GitHub {@code head_ref} only on pull requests, {@code environment} only for jobs that
 * declare one, a Kubernetes {@code pod} only for pod-bound tokens), and a trust rule admits tokens without
 * binding it. Every such token passes the policy and then fails at minting, while the role looks healthy.
 * A rule binds the claim with any condition on it except {@code absent} (all other matchers are false on a
 * missing claim); {@code present: true} is the usual fix.
 */
final class TemplateClaimLint implements Lint {

    @Override
    public String id() {
        return "template-claim-may-be-absent";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (CredentialTemplates.Field field : CredentialTemplates.of(role.credentials().all())) {
            SourcePos at = role.credentials().position(field.target(), "", new SourcePos(role.source(), 1, 1));
            for (String claim : field.template().claims()) {
                for (Rule rule : role.trust()) {
                    IssuerSpec issuer = issuers.issuer(rule.issuer());
                    if (issuer == null || binds(rule, claim)) {
                        continue;
                    }
                    Optional<String> why = new Vocabulary(issuer.profile()).mayBeAbsent(claim);
                    why.ifPresent(w -> findings.error(id(), at, field.field() + " '" + field.template().source()
                            + "' reads '" + claim + "', which tokens admitted by " + rule.label() + " may lack (" + w
                            + "); the policy would allow them and every such exchange would fail to mint. Fix: bind it in "
                            + rule.label() + " (" + claim + ": {present: true}, or its expected value), or drop it from the"
                            + " template"));
                }
            }
        }
    }

    private static boolean binds(Rule rule, String claim) {
        return rule.condition(claim).filter(c -> !(c.matcher() instanceof Matcher.Absent)).isPresent();
    }
}
