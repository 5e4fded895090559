package dev.wifbroker.identity.jwks;

import dev.wifbroker.http.BoundedExchange;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Fetches discovery and JWKS documents: each request bounded in time from sending to the last body byte
 * ({@link JwksSettings#readTimeout()}, and never past the caller's deadline) and in size, redirects
 * followed only within the same scheme, host and port, and only a 200 accepted.
 */
public final class JwksHttpClient {
    private static final int MAX_REDIRECTS = 3;

    private final HttpClient client;
    private final JwksSettings settings;

    public JwksHttpClient(JwksSettings settings, Executor executor) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    /** The body of a 200 response as text, within one read timeout; fails with {@link FetchException}. */
    public CompletableFuture<String> get(URI uri) {
        return get(uri, System.nanoTime() + settings.readTimeout().toNanos());
    }

    /** As {@link #get(URI)}, but also done (or failed) by {@code deadlineNanos} ({@link System#nanoTime()}). */
    public CompletableFuture<String> get(URI uri, long deadlineNanos) {
        return get(uri, uri, 0, deadlineNanos);
    }

    private CompletableFuture<String> get(URI origin, URI uri, int redirects, long deadlineNanos) {
        Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
        if (left.toMillis() <= 0) {
            return CompletableFuture.failedFuture(new FetchException(uri + ": fetch deadline passed before the request"));
        }
        Duration bound = left.compareTo(settings.readTimeout()) < 0 ? left : settings.readTimeout();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        return BoundedExchange.send(client, request, bound, settings.maxResponseBytes(), status -> status == 200)
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    throw new FetchException(uri + ": " + describe(cause, bound));
                })
                .thenCompose(response -> {
                    int status = response.statusCode();
                    if (status >= 300 && status < 400 && status != 304) {
                        return redirect(origin, uri, response, redirects, deadlineNanos);
                    }
                    if (status != 200) {
                        throw new FetchException(uri + ": HTTP " + status);
                    }
                    return CompletableFuture.completedFuture(new String(response.body(), StandardCharsets.UTF_8));
                });
    }

    private CompletableFuture<String> redirect(URI origin, URI uri, HttpResponse<byte[]> response, int redirects,
            long deadlineNanos) {
        String location = response.headers().firstValue("Location").orElse(null);
        if (location == null || redirects >= MAX_REDIRECTS) {
            throw new FetchException(uri + ": HTTP " + response.statusCode() + " redirect refused");
        }
        URI next = uri.resolve(location);
        boolean sameOrigin = origin.getScheme().equalsIgnoreCase(next.getScheme())
                && origin.getHost() != null && origin.getHost().equalsIgnoreCase(next.getHost())
                && origin.getPort() == next.getPort();
        if (!sameOrigin) {
            throw new FetchException(uri + ": redirect to another origin (" + next.getScheme() + "://" + next.getHost()
                    + ") refused");
        }
        return get(origin, next, redirects + 1, deadlineNanos);
    }

    private static String describe(Throwable e, Duration bound) {
        String name = e.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "no complete response within " + bound.toMillis() + " ms";
        }
        if (name.contains("Connect")) {
            return "connection refused or unreachable";
        }
        return e.getMessage() == null ? name : e.getMessage();
    }

    /** A fetch failure with an operator-readable message (no response bodies). */
    public static final class FetchException extends RuntimeException {
        public FetchException(String message) {
            super(message, null, false, false);
        }
    }
}
