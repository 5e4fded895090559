package dev.wifbroker.identity;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.issuer.ReplayMode;

/**
 * Who issued a verified token, as the later stages need it: the issuer's name (what roles, revocations,
 * replay memory and audit name), its exact URL (part of a cached credential's key) and whether it accepts
 * each token once. The configuration record {@link IssuerSpec} stays inside identity and policy loading.
 */
public record TokenIssuer(String name, String url, ReplayMode replay) {

    static TokenIssuer of(IssuerSpec spec) {
        return new TokenIssuer(spec.name(), spec.url(), spec.replay());
    }
}
