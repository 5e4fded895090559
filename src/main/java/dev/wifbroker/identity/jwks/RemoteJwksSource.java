package dev.wifbroker.identity.jwks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Keys fetched from an issuer (through OIDC discovery or a fixed {@code jwks_uri}), refreshed in the
 * background and kept through outages up to {@link JwksSettings#maxStaleness()}. A token with an
 * unknown key id causes at most one fetch per {@link JwksSettings#minRefetchInterval()}, shared by all
 * concurrent callers, so a flood of random key ids cannot hammer the issuer. Every fetch ends within
 * {@link JwksSettings#fetchTimeout()}, body included, so a stalled peer cannot keep it in flight; and a
 * fetch that brings no usable key (an empty set, only unknown key types, not JSON) is a failed fetch:
 * the last good keys stay.
 */
public final class RemoteJwksSource implements KeySource {
    private static final Logger LOG = Logger.getLogger(RemoteJwksSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

    private final String issuerName;
    private final String issuerUrl;
    private final URI fixedJwksUri;
    private final boolean allowInsecureHttp;
    private final JwksHttpClient http;
    private final JwksSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final JwksMetrics metrics;
    private final AtomicReference<CompletableFuture<RefreshOutcome>> inflight = new AtomicReference<>();

    private volatile JwksSnapshot snapshot;
    private volatile URI discoveredJwksUri;
    private volatile Instant lastFetchStarted = Instant.EPOCH;
    private volatile Instant inflightEnds = Instant.EPOCH;
    private volatile Instant nextScheduled;
    private volatile String lastError;
    private volatile Duration retryDelay = FIRST_RETRY;
    private volatile boolean scheduled;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> next;

    /**
     * @param jwksUri the fixed JWKS location, or null to use OIDC discovery at {@code issuerUrl}
     */
    public RemoteJwksSource(String issuerName, String issuerUrl, URI jwksUri, boolean allowInsecureHttp,
            JwksHttpClient http, JwksSettings settings, Clock clock, ScheduledExecutorService scheduler,
            JwksMetrics metrics) {
        this.issuerName = issuerName;
        this.issuerUrl = issuerUrl;
        this.fixedJwksUri = jwksUri;
        this.allowInsecureHttp = allowInsecureHttp;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.metrics = metrics;
        metrics.bindGauges(() -> snapshot == null ? 0 : snapshot.keys().size(),
                () -> snapshot == null ? -1 : Duration.between(snapshot.fetchedAt(), clock.instant()).toSeconds());
    }

    @Override
    public Optional<JwksSnapshot> snapshot() {
        JwksSnapshot s = snapshot;
        if (s == null || Duration.between(s.fetchedAt(), clock.instant()).compareTo(settings.maxStaleness()) > 0) {
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** The last fetch error, or null when the last fetch succeeded. */
    public String lastError() {
        return lastError;
    }

    @Override
    public void start() {
        if (!scheduled && !closed) {
            scheduled = true;
            fetch();
        }
    }

    @Override
    public CompletableFuture<RefreshOutcome> refreshForUnknownKey() {
        CompletableFuture<RefreshOutcome> running = inflight.get();
        if (running != null) {
            return running;
        }
        if (clock.instant().isBefore(lastFetchStarted.plus(settings.minRefetchInterval()))) {
            metrics.rateLimited();
            RefreshOutcome.Status status = lastError == null ? RefreshOutcome.Status.RATE_LIMITED : RefreshOutcome.Status.FAILED;
            String detail = lastError == null ? "keys were fetched less than " + settings.minRefetchInterval().toSeconds()
                    + " s ago" : lastError;
            return CompletableFuture.completedFuture(new RefreshOutcome(snapshot(), status, detail));
        }
        scheduled = true;
        return fetch();
    }

    private CompletableFuture<RefreshOutcome> fetch() {
        CompletableFuture<RefreshOutcome> mine = new CompletableFuture<>();
        if (!inflight.compareAndSet(null, mine)) {
            return inflight.get();
        }
        lastFetchStarted = clock.instant();
        inflightEnds = lastFetchStarted.plus(settings.fetchTimeout());
        long deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
        CompletableFuture<JwksSnapshot> fetched;
        try {
            fetched = jwksUri(deadline).thenCompose(uri -> http.get(uri, deadline)).thenApply(this::usable);
        } catch (RuntimeException e) {
            fetched = CompletableFuture.failedFuture(e);
        }
        fetched.whenComplete((keys, error) -> {
            RefreshOutcome outcome;
            if (error == null) {
                snapshot = keys;
                lastError = null;
                retryDelay = FIRST_RETRY;
                metrics.fetched();
                if (!keys.skipped().isEmpty()) {
                    LOG.warnf("issuer %s: skipped JWKS entries: %s", issuerName, keys.skipped());
                }
                outcome = new RefreshOutcome(Optional.of(keys), RefreshOutcome.Status.REFRESHED, keys.keys().size() + " keys");
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                lastError = cause.getMessage();
                metrics.failed();
                LOG.warnf("issuer %s: key fetch failed: %s", issuerName, lastError);
                outcome = new RefreshOutcome(snapshot(), RefreshOutcome.Status.FAILED, lastError);
            }
            inflight.set(null);
            scheduleNext(error == null);
            mine.complete(outcome);
        });
        return mine;
    }

    private void scheduleNext(boolean succeeded) {
        if (closed || !scheduled) {
            return;
        }
        Duration delay;
        if (succeeded) {
            delay = settings.refreshInterval();
        } else {
            delay = retryDelay;
            Duration doubled = retryDelay.multipliedBy(2);
            retryDelay = doubled.compareTo(settings.refreshInterval()) > 0 ? settings.refreshInterval() : doubled;
        }
        ScheduledFuture<?> previous = next;
        if (previous != null) {
            previous.cancel(false);
        }
        nextScheduled = clock.instant().plus(delay);
        next = scheduler.schedule(this::fetch, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The fetched document as keys, or a failure when it holds none that can verify: last-known-good beats nothing. */
    private JwksSnapshot usable(String body) {
        JwksSnapshot parsed;
        try {
            parsed = JwksSnapshot.parse(body, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new JwksHttpClient.FetchException("JWKS of issuer " + issuerName + " is unusable: " + e.getMessage());
        }
        if (parsed.keys().isEmpty()) {
            throw new JwksHttpClient.FetchException("JWKS of issuer " + issuerName + " has no usable key"
                    + (parsed.skipped().isEmpty() ? " (no entry of a known key type)" : ": " + parsed.skipped()));
        }
        return parsed;
    }

    @Override
    public Duration retryHint() {
        Instant now = clock.instant();
        Instant at = inflight.get() != null ? inflightEnds : lastFetchStarted.plus(settings.minRefetchInterval());
        Instant scheduledAt = nextScheduled;
        if (inflight.get() == null && scheduledAt != null && scheduledAt.isBefore(at)) {
            at = scheduledAt;
        }
        Duration wait = Duration.between(now, at);
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    private CompletableFuture<URI> jwksUri(long deadline) {
        if (fixedJwksUri != null) {
            return CompletableFuture.completedFuture(fixedJwksUri);
        }
        URI discovery = URI.create(issuerUrl + "/.well-known/openid-configuration");
        return http.get(discovery, deadline).thenApply(this::jwksUriFromDiscovery).exceptionally(e -> {
            URI known = discoveredJwksUri;
            if (known != null) {
                return known;
            }
            throw e instanceof CompletionException ce ? ce : new CompletionException(e);
        });
    }

    private URI jwksUriFromDiscovery(String body) {
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (Exception e) {
            throw new JwksHttpClient.FetchException("discovery document of " + issuerUrl + " is not JSON");
        }
        String issuer = doc.path("issuer").asText(null);
        if (!issuerUrl.equals(issuer)) {
            throw new JwksHttpClient.FetchException("discovery document names issuer '" + issuer + "', expected '"
                    + issuerUrl + "'");
        }
        String jwks = doc.path("jwks_uri").asText(null);
        if (jwks == null) {
            throw new JwksHttpClient.FetchException("discovery document of " + issuerUrl + " has no jwks_uri");
        }
        URI uri;
        try {
            uri = URI.create(jwks);
        } catch (IllegalArgumentException e) {
            throw new JwksHttpClient.FetchException("jwks_uri '" + jwks + "' is not a URI");
        }
        if (!IssuerUrls.acceptable(uri, allowInsecureHttp)) {
            throw new JwksHttpClient.FetchException("jwks_uri '" + jwks + "' must be https"
                    + (allowInsecureHttp ? " or http on a loopback host" : ""));
        }
        discoveredJwksUri = uri;
        return uri;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> n = next;
        if (n != null) {
            n.cancel(false);
        }
        metrics.close();
    }
}
