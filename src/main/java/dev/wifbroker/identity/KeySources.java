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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds the live key sources of a policy set's issuers. It holds no issuers itself: the policy runtime
 * keeps the {@link TrustedIssuers} in force beside the set they came from and swaps both at once. Sources
 * whose issuer name, URL and key configuration are unchanged are carried over, so a reload neither drops
 * cached keys nor causes a burst of fetches.
 */
public final class KeySources {
    private final JwksHttpClient http;
    private final JwksSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final MeterRegistry meters;
    private final boolean prefetch;

    public KeySources(JwksHttpClient http, JwksSettings settings, Clock clock, ScheduledExecutorService scheduler,
            MeterRegistry meters, boolean prefetch) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.meters = meters;
        this.prefetch = prefetch;
    }

    /**
     * The issuers of {@code catalog} with key sources, reusing those of {@code previous} that still fit and closing
     * the others. The caller swaps the result in; {@code previous} must no longer be handed out afterwards.
     */
    public TrustedIssuers replace(TrustedIssuers previous, IssuerCatalog catalog) {
        Map<String, KeySource> reused = new HashMap<>();
        for (IssuerSpec spec : catalog.byUrl().values()) {
            previous.byUrl(spec.url()).filter(old -> sameKeys(old.spec(), spec))
                    .ifPresent(old -> reused.put(spec.url(), old.keys()));
        }
        // Dropped sources close first so their meters are gone before a same-named issuer registers new ones.
        previous.all().stream().filter(t -> !reused.containsValue(t.keys())).forEach(t -> t.keys().close());
        Map<String, TrustedIssuer> next = new HashMap<>();
        for (IssuerSpec spec : catalog.byUrl().values()) {
            KeySource keys = reused.containsKey(spec.url()) ? reused.get(spec.url()) : newSource(spec);
            next.put(spec.url(), new TrustedIssuer(spec, keys));
        }
        if (prefetch) {
            next.values().forEach(t -> t.keys().start());
        }
        return new TrustedIssuers(next);
    }

    /** Closes every source of {@code issuers} (shutdown). */
    public void close(TrustedIssuers issuers) {
        issuers.all().forEach(t -> t.keys().close());
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
