package dev.wifbroker.identity;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.jwks.KeySource;

/** An issuer in force: its validated configuration and its live key source. */
public record TrustedIssuer(IssuerSpec spec, KeySource keys) {}
