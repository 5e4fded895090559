package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.model.Role;
import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.yaml.DurationText;
import java.time.Duration;

/**
 * {@code ttl-above-maximum} (error): a credential lifetime above what the target supports would either be
 * refused upstream at exchange time or outlive the assurance of the token that obtained it. Targets whose
 * {@code duration} is the lifetime of a token the broker signs (internal tokens, Azure assertions) are also
 * bounded by {@code broker.keys.max-token-lifetime}: the key ring refuses longer tokens, so every exchange
 * for such a role would fail.
 */
final class TtlLint implements Lint {
    private final LintSettings settings;

    TtlLint(LintSettings settings) {
        this.settings = settings;
    }

    @Override
    public String id() {
        return "ttl-above-maximum";
    }

    @Override
    public void check(Role role, DeclaredIssuers issuers, Findings findings) {
        for (CredentialTarget t : role.credentials().all()) {
            SourcePos at = role.credentials().position(t.kind(), "duration", new SourcePos(role.source(), 1, 1));
            String field = "credentials." + t.kind() + ".duration " + DurationText.format(t.duration());
            if (t.duration().compareTo(t.maxDuration()) > 0) {
                findings.error(id(), at, field + " is above the " + t.kind() + " maximum of "
                        + DurationText.format(t.maxDuration()) + ". Fix: set duration to at most "
                        + DurationText.format(t.maxDuration()));
            } else if (t.signedByBroker() && t.duration().compareTo(settings.maxTokenLifetime()) > 0) {
                Duration max = settings.maxTokenLifetime();
                findings.error(id(), at, field + " is above broker.keys.max-token-lifetime " + DurationText.format(max)
                        + ", the longest token the broker's keys sign, so every exchange for this role would fail."
                        + " Fix: set duration to at most " + DurationText.format(max)
                        + " (or raise broker.keys.max-token-lifetime)");
            }
        }
    }
}
