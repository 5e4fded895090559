package dev.wifbroker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Redis Sentinel ({@code redis-server --sentinel}, the same Debian binary) on loopback monitoring one
 * master with quorum 1. Its own ACL lines (e.g. the broker's user, which the Vert.x client presents to the
 * sentinel and to the master alike) go into its config file.
 */
public final class RedisSentinel implements AutoCloseable {
    private final int port;
    private final Process process;

    private RedisSentinel(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static RedisSentinel monitor(String masterName, RedisServer master, String adminUser, String adminPassword,
            String... configLines) {
        try {
            Path dir = Files.createTempDirectory("wif-sentinel");
            int port = RedisServer.freePort();
            StringBuilder conf = new StringBuilder("port " + port + "\nbind 127.0.0.1\ndir " + dir + "\n"
                    + "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1\n"
                    + "sentinel auth-user " + masterName + " " + adminUser + "\n"
                    + "sentinel auth-pass " + masterName + " " + adminPassword + "\n"
                    + "sentinel down-after-milliseconds " + masterName + " 2000\n");
            for (String line : configLines) {
                conf.append(line).append('\n');
            }
            Path file = Files.writeString(dir.resolve("sentinel.conf"), conf);
            Process p = new ProcessBuilder("redis-server", file.toString(), "--sentinel").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sentinel.log").toFile()).start();
            RedisSentinel sentinel = new RedisSentinel(port, p);
            sentinel.awaitListening(Duration.ofSeconds(10), dir);
            return sentinel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The endpoint {@code quarkus.redis.hosts} names with {@code client-type=sentinel}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitListening(Duration timeout, Path dir) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis sentinel exited: see " + dir.resolve("sentinel.log"));
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
        throw new IllegalStateException("redis sentinel not listening on " + port);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
