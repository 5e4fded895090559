package dev.wifbroker.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    @Test
    void a_started_server_answers_ping_and_a_stopped_one_is_gone() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(ping(redis.port())).isEqualTo("+PONG");
            redis.stop();
            assertThat(redis.running()).isFalse();
            redis.restart();
            assertThat(ping(redis.port())).isEqualTo("+PONG");
        }
    }

    private static String ping(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16];
            int n = in.read(buf);
            return new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
        }
    }
}
