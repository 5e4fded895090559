package dev.wifbroker.testing;

import dev.wifbroker.identity.IssuerLookup;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.TrustedIssuers;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.issuer.ReplayMode;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;

/** Issuer specs and lookups for unit tests, with each profile's defaults. */
public final class Issuers {
    public static final String AUDIENCE = "https://broker.example.com";

    private Issuers() {}

    public static IssuerSpec spec(String name, ProfileKind kind, String url, JwksSpec jwks) {
        var profile = IssuerProfiles.of(kind);
        return new IssuerSpec(name, profile, url, List.of(AUDIENCE), jwks, new LinkedHashSet<>(profile.defaultAlgorithms()),
                Duration.ofSeconds(60), profile.defaultMaxTokenAge(), profile.defaultMaxLifetime(), ReplayMode.ALLOW,
                url.startsWith("http:"), "", name + ".yaml");
    }

    /** Like {@link #spec} with an explicit algorithm allowlist. */
    public static IssuerSpec spec(String name, ProfileKind kind, String url, JwksSpec jwks, List<String> algorithms) {
        IssuerSpec d = spec(name, kind, url, jwks);
        return new IssuerSpec(d.name(), d.profile(), d.url(), d.audiences(), d.jwks(), new LinkedHashSet<>(algorithms),
                d.clockSkew(), d.maxTokenAge(), d.maxLifetime(), d.replay(), d.allowInsecureHttp(), d.description(), d.source());
    }

    public static IssuerLookup lookup(TrustedIssuer... issuers) {
        return new TrustedIssuers(java.util.Arrays.stream(issuers).collect(Collectors.toMap(t -> t.spec().url(), t -> t)));
    }
}
