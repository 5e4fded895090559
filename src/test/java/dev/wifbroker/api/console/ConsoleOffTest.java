package dev.wifbroker.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.RawHttp;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without {@code broker.console.issuer} nothing is served under /console: no login, no pages, no stylesheet. */
@QuarkusTest
class ConsoleOffTest {
    @Test
    void noConsoleRouteExistsUnlessConfigured() {
        for (String path : List.of("/console", "/console/", "/console/login", "/console/callback?code=x&state=y",
                "/console/static/console.css")) {
            RawHttp.Reply reply = RawHttp.send(TestPorts.management(), "GET", path, List.of(), null);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.header("Content-Type")).as(path).startsWith("application/json");
        }
    }
}
