package dev.wifbroker.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP load for {@code POST /v1/token} over many distinct valid tokens.
 * <pre>
 * LoadClient URL TOKENS_FILE ROLE closed CONCURRENCY SECONDS   # peak throughput
 * LoadClient URL TOKENS_FILE ROLE open RATE SECONDS            # fixed arrival rate, latency from intended send time
 * </pre>
 * The open mode measures latency from when each request was due, so a stalled broker cannot hide
 * its queueing (no coordinated omission).
 */
public final class LoadClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newFixedThreadPool(4)).build();
    private final URI uri;
    private final String[] bodies;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

    LoadClient(String url, List<String> tokens, String role) {
        this.uri = URI.create(url);
        this.bodies = tokens.stream().map(t -> "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange")
                + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt") + "&audience=" + enc(role)
                + "&subject_token=" + enc(t)).toArray(String[]::new);
    }

    public static void main(String[] args) throws Exception {
        LoadClient c = new LoadClient(args[0], Files.readAllLines(Path.of(args[1])), args[2]);
        int n = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        long[] latencies = args[3].equals("closed") ? c.closed(n, seconds) : c.open(n, seconds);
        c.report(args[3] + " " + n, latencies, seconds);
        System.exit(0); // the HTTP client's pool threads would keep the JVM alive
    }

    private HttpRequest request() {
        String body = bodies[Math.floorMod(next.getAndIncrement(), bodies.length)];
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private long[] closed(int concurrency, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[][] perThread = new long[concurrency][];
        int[] counts = new int[concurrency];
        Thread[] threads = new Thread[concurrency];
        for (int t = 0; t < concurrency; t++) {
            int id = t;
            perThread[t] = new long[1 << 20];
            threads[t] = new Thread(() -> {
                while (System.nanoTime() < end && counts[id] < perThread[id].length) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request(), HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    perThread[id][counts[id]++] = System.nanoTime() - start;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int pos = 0;
        for (int t = 0; t < concurrency; t++) {
            System.arraycopy(perThread[t], 0, all, pos, counts[t]);
            pos += counts[t];
        }
        return all;
    }

    private long[] open(int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong recorded = new AtomicLong();
        CountDownLatch done = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        AtomicInteger issued = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            // Catch up on every request that was due by now, each timed from its due time.
            while (issued.get() < total && start + issued.get() * periodNanos <= now) {
                int i = issued.getAndIncrement();
                long due = start + i * periodNanos;
                http.sendAsync(request(), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                    int status = e == null ? r.statusCode() : -1;
                    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    latencies[(int) recorded.getAndIncrement()] = System.nanoTime() - due;
                    done.countDown();
                });
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        done.await(seconds + 30L, TimeUnit.SECONDS);
        ticker.shutdownNow();
        return Arrays.copyOf(latencies, (int) recorded.get());
    }

    private void report(String mode, long[] latencies, int seconds) {
        Arrays.sort(latencies);
        Map<Integer, Long> byStatus = new TreeMap<>();
        statuses.forEach((k, v) -> byStatus.put(k, v.sum()));
        long ok = byStatus.getOrDefault(200, 0L);
        System.out.printf("mode=%s requests=%d ok=%d errors=%d throughput=%.0f/s p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms statuses=%s%n",
                mode, latencies.length, ok, latencies.length - ok, latencies.length / (double) seconds, pct(latencies, 50),
                pct(latencies, 99), pct(latencies, 99.9), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6, byStatus);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
