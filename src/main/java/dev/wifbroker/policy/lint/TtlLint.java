package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.policy.target.CredentialTarget;
import dev.wifbroker.yaml.DurationText;

/**
 * {@code ttl-above-maximum} (error): a credential lifetime above what the target supports would either be
 * refused upstream at exchange time or outlive the assurance of the token that obtained it.
 */
final class TtlLint implements Lint {

    @Override
    public String id() {
        return "ttl-above-maximum";
    }

    @Override
    public void check(Role role, IssuerLookup issuers, Findings findings) {
        for (CredentialTarget t : role.credentials().all()) {
            if (t.duration().compareTo(t.maxDuration()) > 0) {
                findings.error(id(), role.credentials().position(t.kind(), "duration", new SourcePos(role.source(), 1, 1)), "credentials." + t.kind() + ".duration "
                        + DurationText.format(t.duration()) + " is above the " + t.kind() + " maximum of "
                        + DurationText.format(t.maxDuration()) + ". Fix: set duration to at most "
                        + DurationText.format(t.maxDuration()));
            }
        }
    }
}
