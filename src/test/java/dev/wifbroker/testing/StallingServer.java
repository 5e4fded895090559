package dev.wifbroker.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP/1.1 peer that misbehaves the way a wedged upstream does, on a plain {@link ServerSocket}
 * (WireMock always finishes a response): it reads the request head, then either never answers
 * ({@link Mode#HANG}) or sends {@code 200}, a {@code Content-Length} and only the first bytes of the body
 * ({@link Mode#STALL_BODY}), and holds the socket open until the client gives up or {@code hold} passes.
 * ({@link Mode#SERVE} answers normally, for the healthy state before the fault.)
 * It counts connections and how many the client closed itself, so a test can tell a cancelled exchange
 * from one left dangling. Every socket is closed by {@link #close()}.
 */
public final class StallingServer implements AutoCloseable {
    public enum Mode {
        /** A complete {@code 200} with the body: the healthy upstream before the fault. */
        SERVE,
        HANG,
        STALL_BODY
    }

    private final ServerSocket socket;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stalling-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private final long holdMillis;
    private volatile Mode mode;
    private volatile String body;

    /**
     * @param holdMillis how long a connection is held before the server drops it (the peer's patience)
     */
    public StallingServer(Mode mode, String body, long holdMillis) {
        this.mode = mode;
        this.body = body;
        this.holdMillis = holdMillis;
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        threads.execute(this::acceptLoop);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    public void mode(Mode mode, String body) {
        this.mode = mode;
        this.body = body;
    }

    public int connections() {
        return connections.get();
    }

    /** Connections the client closed before the server let go: the client aborted its exchange. */
    public int closedByClient() {
        return closedByClient.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                open.add(s);
                connections.incrementAndGet();
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            readHead(in);
            Mode now = mode;
            if (now == Mode.SERVE) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
                return;
            }
            if (now == Mode.STALL_BODY) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, 0, Math.min(10, bytes.length));
                out.flush();
            }
            // Hold the socket, draining any request body; end of stream (or a reset) means the client gave up.
            s.setSoTimeout((int) holdMillis);
            try {
                while (in.read() >= 0) {
                    // a request body; keep holding
                }
                closedByClient.incrementAndGet();
            } catch (SocketTimeoutException e) {
                // held for the whole patience: the client never let go
            } catch (IOException e) {
                closedByClient.incrementAndGet();
            }
        } catch (IOException ignored) {
            // the test is over or the client went away
        } finally {
            open.remove(s);
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request head ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
