package dev.wifbroker.identity;

import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.RemoteJwksSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
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

    /**
     * One issuer's keys as the console shows them.
     *
     * @param fetchedAt when the keys in use were fetched (read, for pinned keys); null while there are none
     * @param lastError the last failed fetch of a remote key source, null when the last one succeeded
     */
    public record KeyStatus(String name, String url, int keyCount, Instant fetchedAt, String lastError) {}

    /** Every issuer's {@link KeyStatus}, by name. */
    public List<KeyStatus> keyStatus() {
        List<KeyStatus> out = new ArrayList<>();
        for (TrustedIssuer t : byUrl.values()) {
            Optional<JwksSnapshot> snapshot = t.keys().snapshot();
            out.add(new KeyStatus(t.spec().name(), t.spec().url(), snapshot.map(s -> s.keys().size()).orElse(0),
                    snapshot.map(JwksSnapshot::fetchedAt).orElse(null),
                    t.keys() instanceof RemoteJwksSource remote ? remote.lastError() : null));
        }
        out.sort(Comparator.comparing(KeyStatus::name));
        return out;
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
