package dev.wifbroker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One broker replica: the packaged application ({@code target/quarkus-app/quarkus-run.jar}, prod profile) in a
 * JVM of its own, configured only by environment variables as a deployment would be, on its own loopback
 * ports. It can be stopped (SIGTERM), killed (SIGKILL) and started again on the same ports; its output is
 * appended to {@code target/it-logs/<cluster>-<name>.log}. Every process still alive when the test JVM exits
 * is killed by a shutdown hook, so an aborted run leaves no replica behind.
 */
public final class BrokerProcess implements AutoCloseable {
    /** Small heap, serial GC and the C1 compiler only: three replicas and the test JVM share two cores. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    /** Ports handed out in this JVM: two replicas must never be given the same one. */
    private static final Set<Integer> PORTS = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "broker-process-reaper"));
    }

    private final String name;
    private final int httpPort;
    private final int managementPort;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    BrokerProcess(String name, Map<String, String> env, Path log) {
        this.name = name;
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.env = new TreeMap<>(env);
        this.env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        this.env.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        this.env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        this.env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        // The replica suites drive /admin/v1/* on each loopback management port, as the test profile does.
        this.env.putIfAbsent("BROKER_ADMIN_AUTH", "none");
        this.log = log;
    }

    public String name() {
        return name;
    }

    /** The main port: exchanges, JWKS, health. */
    public URI http() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** The management port: {@code /admin/v1/*}, metrics. */
    public URI management() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Launches the JVM; returns at once ({@link #awaitReady(Duration)} waits for readiness). */
    public synchronized void start() {
        if (alive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path jar = BrokerCluster.jar();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only what this replica is given: an inherited BROKER_* / QUARKUS_* / AWS_* variable would change what is tested.
        builder.environment().keySet().removeIf(k -> k.startsWith("BROKER_") || k.startsWith("QUARKUS_") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        try {
            Files.writeString(log, "=== start " + name + " " + Instant.now() + " ===\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        LIVE.add(process);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails with the log's tail if it does not in time. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!alive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail(60));
            }
            try {
                HttpResponse<String> r = get(http().resolve("/q/health/ready"));
                if (r.statusCode() == 200) {
                    return;
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ": " + last + "\n" + logTail(60));
    }

    /** SIGTERM, as Kubernetes does on a rolling restart; a replica that does not exit in 20 s is killed. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        process = null;
    }

    /** SIGKILL: a crashed replica, with no shutdown hook run. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        process = null;
    }

    /** Starts again on the same ports with the same configuration, and waits for readiness. */
    public void restart(Duration readyTimeout) {
        stop();
        start();
        awaitReady(readyTimeout);
    }

    /** The last {@code lines} lines of this replica's log (all its runs). */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- " + log + " (last " + lines + " lines) ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "--- " + log + " unreadable: " + e + " ---";
        }
    }

    @Override
    public void close() {
        stop();
    }

    static HttpResponse<String> get(URI uri) throws IOException {
        return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (PORTS.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return name + "(" + http() + ", management " + management() + ")";
    }
}
