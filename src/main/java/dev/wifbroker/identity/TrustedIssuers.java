package dev.wifbroker.identity;

import dev.wifbroker.identity.jwks.RemoteJwksSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The issuers of one policy set with their live key sources, by exact issuer URL. Immutable: a reload
 * builds a new one ({@link KeySources#replace}), which the policy runtime swaps in together with the set.
 */
public record TrustedIssuers(Map<String, TrustedIssuer> byUrl) implements IssuerLookup {
    public static final TrustedIssuers NONE = new TrustedIssuers(Map.of());

    public TrustedIssuers {
        byUrl = Map.copyOf(byUrl);
    }

    @Override
    public Optional<TrustedIssuer> byUrl(String iss) {
        return Optional.ofNullable(byUrl.get(iss));
    }

    @Override
    public Collection<TrustedIssuer> all() {
        return byUrl.values();
    }

    /** Per issuer name, its key status, for readiness details and the admin API. */
    public Map<String, Object> status() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (TrustedIssuer t : byUrl.values()) {
            String keys = t.keys().snapshot().map(s -> s.keys().size() + " keys").orElse("no keys yet");
            if (t.keys() instanceof RemoteJwksSource remote && remote.lastError() != null) {
                keys += "; last fetch failed: " + remote.lastError();
            }
            out.put(t.spec().name(), keys);
        }
        return out;
    }
}
