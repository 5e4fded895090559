package dev.wifbroker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, in its own temporary directory,
 * with no persistence: tests of the clustered mode run against the server, never a fake. {@link #stop()}
 * and {@link #start()} again on the same port simulate an outage and a recovery.
 */
public final class RedisServer implements AutoCloseable {
    private static final String BINARY = System.getenv().getOrDefault("REDIS_SERVER", "redis-server");
    /** The shipped Redis manifest's ACL rules for the broker: what every Redis test runs the broker under. */
    public static final Path BROKER_ACL_FILE = Path.of("deploy/kubernetes/redis/broker.acl");
    public static final String BROKER_ACL = readAcl();
    /** What a Cluster client needs on top of {@link #BROKER_ACL}: reading the slot map. */
    public static final String BROKER_CLUSTER_ACL = "+cluster|slots";
    /** The broker's user on a Sentinel: finding the master. */
    public static final String BROKER_SENTINEL_ACL = "-@all +ping +hello +auth +sentinel|get-master-addr-by-name +sentinel|sentinels +sentinel|slaves +sentinel|replicas";

    private final int port;
    private final Path dir;
    private final TestCa.ServerCert tls;
    private final List<String> cliOptions = new java.util.ArrayList<>();
    private Process process;

    private RedisServer(int port, Path dir, TestCa.ServerCert tls) {
        this.port = port;
        this.dir = dir;
        this.tls = tls;
    }

    /** Starts a server on a free port; fails the test with a clear message when redis-server is missing. */
    public static RedisServer start(String... extraArgs) {
        return startOn(freePort(), null, extraArgs);
    }

    /** Starts a server that speaks TLS only ({@code --port 0}), presenting {@code cert}; clients need not present one. */
    public static RedisServer startTls(TestCa.ServerCert cert, String... extraArgs) {
        return startOn(freePort(), cert, extraArgs);
    }

    /** Starts a server on {@code port} (plain when {@code tls} is null), e.g. a cluster node whose ports are chosen ahead. */
    public static RedisServer startOn(int port, TestCa.ServerCert tls, String... extraArgs) {
        try {
            RedisServer server = new RedisServer(port, Files.createTempDirectory("wif-redis"), tls);
            server.launch(extraArgs);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readAcl() {
        try {
            return Files.readString(BROKER_ACL_FILE).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Command-line arguments defining an enabled ACL user with {@code password} and {@code rules}. */
    public static List<String> aclUser(String name, String password, String rules) {
        List<String> args = new java.util.ArrayList<>(List.of("--user", name, "on", ">" + password));
        args.addAll(List.of(rules.split(" ")));
        return args;
    }

    public int port() {
        return port;
    }

    /** The Quarkus Redis URI of this server ({@code quarkus.redis.hosts}). */
    public String uri() {
        return (tls == null ? "redis" : "rediss") + "://127.0.0.1:" + port;
    }

    /** The server's working directory (its log is {@code redis.log} there). */
    public Path dir() {
        return dir;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Connection options {@link #cli} passes to redis-cli (e.g. {@code --user admin --pass ...}, {@code --tls --cacert ...}). */
    public RedisServer cliOptions(String... options) {
        cliOptions.clear();
        cliOptions.addAll(List.of(options));
        return this;
    }

    /** Runs one command with redis-cli (Debian's redis-tools, installed with redis-server) and returns its output. */
    public String cli(String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port),
                "--no-auth-warning"));
        args.addAll(cliOptions);
        args.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("redis-cli " + String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server (SIGKILL, like a crashed node); its data is gone. */
    public void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections stay open but nothing answers, like a stalled node. */
    public void pause() {
        signal("STOP");
    }

    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts again on the same port after {@link #stop()}. */
    public void restart(String... extraArgs) {
        stop();
        launch(extraArgs);
    }

    @Override
    public void close() {
        stop();
    }

    private void launch(String... extraArgs) {
        List<String> command = new java.util.ArrayList<>(List.of(BINARY, "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes"));
        if (tls == null) {
            command.addAll(List.of("--port", String.valueOf(port)));
        } else {
            command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port), "--tls-cert-file", tls.certificate().toString(),
                    "--tls-key-file", tls.privateKey().toString(), "--tls-ca-cert-file", tls.ca().toString(), "--tls-auth-clients", "no"));
        }
        command.addAll(List.of(extraArgs));
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + BINARY + " (install Debian's redis-server; .ci/run does):"
                    + " " + e.getMessage(), e);
        }
        awaitListening(Duration.ofSeconds(10));
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: see " + dir.resolve("redis.log"));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("redis-server not listening on " + port + " after " + timeout);
    }

    /** A loopback port free at the time of asking. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
