package dev.wifbroker.identity.jwks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Fetches discovery and JWKS documents: bounded time and size, redirects followed only within the
 * same scheme, host and port, and only a 200 accepted.
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

    /** The body of a 200 response as text; fails with {@link FetchException} describing what went wrong. */
    public CompletableFuture<String> get(URI uri) {
        return get(uri, uri, 0);
    }

    private CompletableFuture<String> get(URI origin, URI uri, int redirects) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.readTimeout())
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .exceptionally(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    throw new FetchException(uri + ": " + describe(cause));
                })
                .thenCompose(response -> {
                    int status = response.statusCode();
                    if (status >= 300 && status < 400 && status != 304) {
                        close(response.body());
                        return redirect(origin, uri, response, redirects);
                    }
                    if (status != 200) {
                        close(response.body());
                        throw new FetchException(uri + ": HTTP " + status);
                    }
                    return CompletableFuture.completedFuture(readCapped(uri, response.body()));
                });
    }

    private CompletableFuture<String> redirect(URI origin, URI uri, HttpResponse<InputStream> response, int redirects) {
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
        return get(origin, next, redirects + 1);
    }

    private String readCapped(URI uri, InputStream body) {
        try (InputStream in = body) {
            byte[] bytes = in.readNBytes(settings.maxResponseBytes() + 1);
            if (bytes.length > settings.maxResponseBytes()) {
                throw new FetchException(uri + ": response larger than " + settings.maxResponseBytes() + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FetchException(uri + ": " + describe(e));
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is discarded either way
        }
    }

    private static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        if (name.contains("Timeout")) {
            return "timed out";
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
