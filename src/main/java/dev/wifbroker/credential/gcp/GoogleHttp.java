package dev.wifbroker.credential.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.http.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;

/**
 * One Google attempt's HTTP plumbing: a request factory with the broker's timeouts, cut to the time
 * the attempt has left, and no retries of its own (retries are {@link UpstreamRetry}'s), and an interceptor that notes the status and
 * Google's error code of the response, so a failure maps to a code without relying on the auth
 * library's exception types or ever keeping the error body.
 */
final class GoogleHttp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpRequestFactory requests;
    private final Clock clock;
    private int status;
    private String errorCode;
    private Duration retryAfter;

    /**
     * @param timeLeft the attempt's share of the mint's deadline: no request of this attempt outlives it
     */
    GoogleHttp(HttpTransport transport, GcpSettings settings, Duration timeLeft, Clock clock) {
        this.clock = clock;
        long deadline = System.nanoTime() + timeLeft.toNanos();
        this.requests = transport.createRequestFactory(request -> {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            request.setConnectTimeout((int) Math.min(settings.connectTimeout().toMillis(), left));
            request.setReadTimeout((int) Math.min(settings.readTimeout().toMillis(), left));
            request.setNumberOfRetries(0);
            request.setIOExceptionHandler(null);
            request.setUnsuccessfulResponseHandler(null);
            request.setResponseInterceptor(this::observe);
        });
    }

    HttpRequestFactory requests() {
        return requests;
    }

    /** Forgets the previous response: call before each request. */
    void reset() {
        status = 0;
        errorCode = null;
        retryAfter = null;
    }

    /**
     * Turns the failure of the request just made into a retryable failure or a final one. Throttling,
     * 5xx, timeouts and connection failures are retryable; any other 4xx is Google's refusal.
     */
    UpstreamRetry.Transient classify(Exception failure) throws UpstreamException {
        if (status == 0) {
            if (!(failure instanceof IOException)) {
                throw UpstreamException.unavailable("gcp", "client error", Duration.ofSeconds(30));
            }
            boolean timeout = failure instanceof SocketTimeoutException || failure instanceof java.net.http.HttpTimeoutException;
            return new UpstreamRetry.Transient(timeout ? "timeout" : "network error", null);
        }
        String code = errorCode != null ? errorCode : "http " + status;
        if (status == 429 || status >= 500) {
            return new UpstreamRetry.Transient(code, retryAfter);
        }
        if (status >= 400) {
            throw UpstreamException.denied("gcp", code);
        }
        // A 2xx the library could not read: Google's contract broke; retrying will not fix it.
        throw UpstreamException.unavailable("gcp", "unreadable response", Duration.ofSeconds(30));
    }

    private void observe(HttpResponse response) {
        status = response.getStatusCode();
        if (response.isSuccessStatusCode()) {
            return;
        }
        retryAfter = RetryAfter.parse(response.getHeaders().getFirstHeaderStringValue("Retry-After"), clock.instant())
                .orElse(null);
        // The body is read here, once, for its error code only, and left open for the library, which
        // then finds it drained and fails: classify() decides from what was noted here.
        try {
            InputStream in = response.getContent();
            if (in != null) {
                errorCode = errorCodeOf(JSON.readTree(in.readNBytes(MAX_ERROR_BODY)));
            }
        } catch (IOException | RuntimeException e) {
            errorCode = null;
        }
    }

    /**
     * Google's two error shapes: STS answers RFC 6749 style {@code {"error":"invalid_grant",...}};
     * the IAM Credentials API answers {@code {"error":{"code":403,"status":"PERMISSION_DENIED",...}}}.
     */
    static String errorCodeOf(JsonNode body) {
        JsonNode error = body == null ? null : body.get("error");
        if (error == null) {
            return null;
        }
        String code = error.isTextual() ? error.asText() : error.path("status").asText(null);
        return code != null && code.matches("[A-Za-z0-9_.-]{1,64}") ? code : null;
    }
}
