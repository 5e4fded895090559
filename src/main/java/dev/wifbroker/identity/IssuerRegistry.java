package dev.wifbroker.identity;

import dev.wifbroker.identity.issuer.IssuerCatalog;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.JwksHttpClient;
import dev.wifbroker.identity.jwks.JwksMetrics;
import dev.wifbroker.identity.jwks.JwksSettings;
import dev.wifbroker.identity.jwks.KeySource;
import dev.wifbroker.identity.jwks.PinnedKeySource;
import dev.wifbroker.identity.jwks.RemoteJwksSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The issuers in force and their live key sources. A new catalog (a policy reload) swaps in
 * atomically; key sources whose issuer URL and key configuration are unchanged are kept, so a reload
 * neither drops cached keys nor causes a burst of fetches.
 */
public final class IssuerRegistry implements IssuerLookup {
    private final JwksHttpClient http;
    private final JwksSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry meters;
    private final boolean prefetch;
    private volatile Map<String, TrustedIssuer> byUrl = Map.of();

    public IssuerRegistry(JwksHttpClient http, JwksSettings settings, Clock clock, ScheduledExecutorService scheduler,
            MeterRegistry meters, boolean prefetch) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.meters = meters;
        this.prefetch = prefetch;
    }

    @Override
    public Optional<TrustedIssuer> byUrl(String iss) {
        return Optional.ofNullable(byUrl.get(iss));
    }

    @Override
    public Collection<TrustedIssuer> all() {
        return byUrl.values();
    }

    /** Installs the issuers of a newly loaded catalog; returns nothing until the swap is complete. */
    public synchronized void apply(IssuerCatalog catalog) {
        Map<String, TrustedIssuer> previous = byUrl;
        Map<String, KeySource> reused = new HashMap<>();
        for (IssuerSpec spec : catalog.byUrl().values()) {
            TrustedIssuer old = previous.get(spec.url());
            if (old != null && sameKeys(old.spec(), spec)) {
                reused.put(spec.url(), old.keys());
            }
        }
        // Dropped sources close first so their meters are gone before a same-named issuer registers new ones.
        previous.values().stream().filter(t -> !reused.containsValue(t.keys())).forEach(t -> t.keys().close());
        Map<String, TrustedIssuer> next = new HashMap<>();
        for (IssuerSpec spec : catalog.byUrl().values()) {
            KeySource keys = reused.containsKey(spec.url()) ? reused.get(spec.url()) : newSource(spec);
            next.put(spec.url(), new TrustedIssuer(spec, keys));
        }
        byUrl = Map.copyOf(next);
        if (prefetch) {
            next.values().forEach(t -> t.keys().start());
        }
    }

    public void close() {
        byUrl.values().forEach(t -> t.keys().close());
        byUrl = Map.of();
    }

    /** Per-issuer key status for readiness details. */
    public Map<String, Object> status() {
        Map<String, Object> out = new HashMap<>();
        for (TrustedIssuer t : byUrl.values()) {
            String keys = t.keys().snapshot().map(s -> s.keys().size() + " keys").orElse("no keys yet");
            if (t.keys() instanceof RemoteJwksSource remote && remote.lastError() != null) {
                keys += "; last fetch failed: " + remote.lastError();
            }
            out.put(t.spec().name(), keys);
        }
        return out;
    }

    private KeySource newSource(IssuerSpec spec) {
        if (spec.jwks() instanceof JwksSpec.Pinned pinned) {
            return new PinnedKeySource(pinned.keys());
        }
        URI fixed = spec.jwks() instanceof JwksSpec.Remote remote ? remote.uri() : null;
        return new RemoteJwksSource(spec.name(), spec.url(), fixed, spec.allowInsecureHttp(), http, settings, clock,
                scheduler, new JwksMetrics(meters, spec.name()));
    }

    private static boolean sameKeys(IssuerSpec a, IssuerSpec b) {
        return a.name().equals(b.name()) && a.allowInsecureHttp() == b.allowInsecureHttp()
                && Objects.equals(keyLocation(a.jwks()), keyLocation(b.jwks()));
    }

    /** Pinned keys are cheap and always taken fresh; remote sources are identified by where they fetch. */
    private static Object keyLocation(JwksSpec jwks) {
        if (jwks instanceof JwksSpec.Remote remote) {
            return remote.uri();
        }
        return jwks instanceof JwksSpec.Discovery ? "discovery" : jwks;
    }
}
