package dev.wifbroker.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/**
 * One request whose whole response, body included, must arrive within a deadline. The JDK client's
 * {@link HttpRequest#timeout} ends when the headers arrive: a peer that sends {@code 200}, a length and
 * a few bytes, then holds the socket, would keep the exchange (and whoever waits on it) for as long as it
 * likes. Here the body is collected without blocking any thread, capped in bytes, and the exchange is
 * cancelled, closing its connection, when the deadline passes. Hand-written because the JDK offers no
 * size-capped body subscriber; it is the one place both the JWKS fetcher and the Google transport use.
 */
public final class BoundedExchange {
    private BoundedExchange() {}

    /**
     * Sends {@code request} and completes with the response, or fails with an {@link HttpTimeoutException}
     * when the whole response has not arrived within {@code deadline}, or an {@link IOException} when the
     * body exceeds {@code maxBytes}. Bodies of statuses {@code readBody} rejects are drained, within the same bounds, and returned empty.
     */
    public static CompletableFuture<HttpResponse<byte[]>> send(HttpClient client, HttpRequest request, Duration deadline,
            int maxBytes, IntPredicate readBody) {
        long millis = Math.max(1, deadline.toMillis());
        HttpRequest bounded = HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofMillis(millis)).build();
        AtomicReference<CappedBody> subscriber = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(bounded, info -> {
            CappedBody body = new CappedBody(maxBytes, declaredLength(info), !readBody.test(info.statusCode()));
            subscriber.set(body);
            return body;
        });
        CompletableFuture<HttpResponse<byte[]>> result = new CompletableFuture<>();
        // cancel(true) aborts the exchange and closes its connection (JDK 16+), so a stalled peer keeps nothing.
        Executor executor = client.executor().orElse(ForkJoinPool.commonPool());
        CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, executor).execute(() -> {
            if (result.completeExceptionally(new HttpTimeoutException("no complete response within " + millis + " ms"))) {
                sent.cancel(true);
            }
        });
        sent.whenComplete((response, error) -> {
            CappedBody body = subscriber.get();
            if (error == null) {
                result.complete(response);
            } else if (body != null && body.overflowed) {
                // Cancelling the stream may surface as "stream cancelled" before the body's own failure does.
                result.completeExceptionally(new IOException("response larger than " + maxBytes + " bytes"));
            } else {
                result.completeExceptionally(unwrap(error));
            }
        });
        return result;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof CancellationException ? new HttpTimeoutException("exchange cancelled") : cause;
    }

    private static long declaredLength(HttpResponse.ResponseInfo info) {
        return info.headers().firstValueAsLong("Content-Length").orElse(-1);
    }

    /**
     * Collects up to {@code max} bytes (or, when {@code discard}, counts and drops them, for bodies nobody
     * reads: draining beats cancelling, which HTTP/2 reports as a failed exchange); more, or a declared
     * length above it, fails the body and cancels the stream.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int max;
        private final long declared;
        private final boolean discard;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long received;
        private volatile boolean overflowed;

        CappedBody(int max, long declared, boolean discard) {
            this.max = max;
            this.declared = declared;
            this.discard = discard;
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (declared > max) {
                tooLarge();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                received += b.remaining();
                if (received > max) {
                    tooLarge();
                    return;
                }
                if (discard) {
                    b.position(b.limit());
                } else {
                    byte[] chunk = new byte[b.remaining()];
                    b.get(chunk);
                    buffer.write(chunk, 0, chunk.length);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }

        /** The body fails before the stream is cancelled, so the cancellation cannot become the outcome. */
        private void tooLarge() {
            overflowed = true;
            body.completeExceptionally(new IOException("response larger than " + max + " bytes"));
            subscription.cancel();
        }
    }
}
