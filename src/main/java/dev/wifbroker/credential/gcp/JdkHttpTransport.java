package dev.wifbroker.credential.gcp;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import dev.wifbroker.http.BoundedExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * google-http-client over the JDK's {@link HttpClient}. The library's default transport
 * ({@code HttpURLConnection}) hides the body of a 401 answer to a streamed POST, and with it Google's
 * error code; this one hands every status and body through unchanged, and applies the read timeout
 * the library sets per request to the whole response, body included ({@link BoundedExchange}): a Google
 * endpoint that stalls mid-body is cut at the timeout like one that never answers.
 */
final class JdkHttpTransport extends HttpTransport {
    /** Google's token answers are a few KiB; anything far larger is not one. */
    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final HttpClient client;

    JdkHttpTransport(Duration connectTimeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    protected LowLevelHttpRequest buildRequest(String method, String url) {
        return new Request(method, url);
    }

    private final class Request extends LowLevelHttpRequest {
        private final String method;
        private final String url;
        private final List<String[]> headers = new ArrayList<>();
        private int readTimeoutMillis = 20_000;

        Request(String method, String url) {
            this.method = method;
            this.url = url;
        }

        @Override
        public void addHeader(String name, String value) {
            headers.add(new String[] {name, value});
        }

        @Override
        public void setTimeout(int connectTimeout, int readTimeout) {
            // 0 is google-http-client's "no timeout": the broker never sends one without a bound.
            readTimeoutMillis = readTimeout > 0 ? readTimeout : 20_000;
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
            if (getStreamingContent() != null) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                getStreamingContent().writeTo(out);
                body = HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, body);
            for (String[] h : headers) {
                if (!RESTRICTED.contains(h[0].toLowerCase(Locale.ROOT))) {
                    request.header(h[0], h[1]);
                }
            }
            if (getContentType() != null) {
                request.setHeader("Content-Type", getContentType());
            }
            if (getContentEncoding() != null) {
                request.setHeader("Content-Encoding", getContentEncoding());
            }
            try {
                return new Response(BoundedExchange.send(client, request.build(), Duration.ofMillis(readTimeoutMillis),
                        MAX_RESPONSE_BYTES, status -> true).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException(e.getCause() == null ? "request failed" : e.getCause().getClass().getSimpleName());
            }
        }
    }

    private static final class Response extends LowLevelHttpResponse {
        private final HttpResponse<byte[]> response;
        private final List<String[]> headers = new ArrayList<>();

        Response(HttpResponse<byte[]> response) {
            this.response = response;
            for (Map.Entry<String, List<String>> e : response.headers().map().entrySet()) {
                for (String v : e.getValue()) {
                    headers.add(new String[] {e.getKey(), v});
                }
            }
        }

        @Override
        public InputStream getContent() {
            return new ByteArrayInputStream(response.body());
        }

        @Override
        public String getContentEncoding() {
            return response.headers().firstValue("Content-Encoding").orElse(null);
        }

        @Override
        public long getContentLength() {
            return response.headers().firstValueAsLong("Content-Length").orElse(-1);
        }

        @Override
        public String getContentType() {
            return response.headers().firstValue("Content-Type").orElse(null);
        }

        @Override
        public String getStatusLine() {
            return "HTTP/1.1 " + response.statusCode();
        }

        @Override
        public int getStatusCode() {
            return response.statusCode();
        }

        @Override
        public String getReasonPhrase() {
            return null;
        }

        @Override
        public int getHeaderCount() {
            return headers.size();
        }

        @Override
        public String getHeaderName(int index) {
            return headers.get(index)[0];
        }

        @Override
        public String getHeaderValue(int index) {
            return headers.get(index)[1];
        }

        @Override
        public void disconnect() {
            // the body was read whole within the deadline; nothing stays open
        }
    }
}
