package dev.wifbroker.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.ErrorShapes.Shape;
import dev.wifbroker.testing.LogCapture;
import dev.wifbroker.testing.RawHttp;
import dev.wifbroker.testing.TestPorts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The management interface answers every caller mistake with its JSON error shape
 * ({@code {valid: false, reason, detail}}) and the right 4xx: unknown paths, wrong methods, bodies that are
 * not JSON, too large or unreadable. Never Vert.x's HTML page, never a stack trace in body or log.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class ManagementErrorsTest {
    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";
    private static final String JSON = "Content-Type: application/json";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static Stream<Arguments> mistakes() {
        String big = "{\"token\":\"" + "a".repeat(70_000) + "\"}";
        return Stream.of(
                Arguments.of("unknown path -> 404", "GET", "/nothing", List.of(), null, 404),
                Arguments.of("unknown admin path -> 404", "GET", "/admin/v1/nothing", List.of(), null, 404),
                Arguments.of("admin root -> 404", "POST", "/admin", List.of(JSON), ascii("{}"), 404),
                Arguments.of("GET on a POST endpoint -> 405", "GET", "/admin/v1/verify", List.of(), null, 405),
                Arguments.of("PUT on revocations -> 405", "PUT", "/admin/v1/revocations", List.of(JSON), ascii("{}"), 405),
                Arguments.of("POST on a GET endpoint -> 405", "POST", "/admin/v1/roles", List.of(JSON), ascii("{}"), 405),
                Arguments.of("form body over 1 KB -> 415", "POST", "/admin/v1/verify", List.of(FORM),
                        ascii("token=" + "a".repeat(3000)), 415),
                Arguments.of("form body with bad escapes -> 415", "POST", "/admin/v1/explain", List.of(FORM), ascii("a=%zz"), 415),
                Arguments.of("no content type, 2 KB body -> 415", "POST", "/admin/v1/verify", List.of(),
                        ascii("x".repeat(2000)), 415),
                Arguments.of("text/plain, not JSON -> 415", "POST", "/admin/v1/verify", List.of("Content-Type: text/plain"),
                        ascii("token=x"), 415),
                Arguments.of("text/plain JSON object is read as JSON -> 400 for its missing token", "POST", "/admin/v1/verify",
                        List.of("Content-Type: text/plain"), ascii("{}"), 400),
                Arguments.of("curl -d's form type with a JSON object is read as JSON -> 400 for its unknown issuer", "POST", "/admin/v1/explain", List.of(FORM),
                        ascii("{\"claims\":{},\"issuer\":\"nope\"}"), 400),
                Arguments.of("no content type with a JSON object is read as JSON", "POST", "/admin/v1/verify", List.of(),
                        ascii("{\"token\":[1]}"), 400),
                Arguments.of("text/plain in UTF-16 -> 415", "POST", "/admin/v1/verify", List.of("Content-Type: text/plain; charset=utf-16"),
                        "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_16), 415),
                Arguments.of("text/plain from a browser page (Origin) -> 415", "POST", "/admin/v1/verify",
                        List.of("Content-Type: text/plain", "Origin: https://evil.example"), ascii("{\"token\":\"x\"}"), 415),
                Arguments.of("form type on revocations stays 415", "POST", "/admin/v1/revocations", List.of(FORM),
                        ascii("{\"kind\":\"jti\",\"value\":\"v\"}"), 415),
                Arguments.of("multipart -> 415", "POST", "/admin/v1/revocations",
                        List.of("Content-Type: multipart/form-data; boundary=XX"),
                        ascii("--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nx\r\n--XX--\r\n"), 415),
                Arguments.of("JSON in UTF-16 -> 415", "POST", "/admin/v1/verify", List.of(JSON + "; charset=utf-16"),
                        "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_16), 415),
                Arguments.of("body over 64 KiB -> 413", "POST", "/admin/v1/verify", List.of(JSON), ascii(big), 413),
                Arguments.of("chunked body over 64 KiB -> 413", "POST", "/admin/v1/verify",
                        List.of(JSON, "Transfer-Encoding: chunked"), chunked(big), 413),
                Arguments.of("malformed JSON -> 400", "POST", "/admin/v1/verify", List.of(JSON), ascii("{\"token\":"), 400),
                Arguments.of("JSON array -> 400", "POST", "/admin/v1/explain", List.of(JSON), ascii("[1,2]"), 400),
                Arguments.of("deeply nested JSON -> 400", "POST", "/admin/v1/explain", List.of(JSON),
                        ascii("[".repeat(5000) + "]".repeat(5000)), 400),
                Arguments.of("invalid UTF-8 in JSON -> 400", "POST", "/admin/v1/verify", List.of(JSON),
                        new byte[] {'{', '"', 't', '"', ':', '"', (byte) 0xff, '"', '}'}, 400),
                Arguments.of("token of the wrong type -> 400", "POST", "/admin/v1/verify", List.of(JSON), ascii("{\"token\":[1]}"), 400),
                Arguments.of("explain claims of odd types -> 4xx", "POST", "/admin/v1/explain", List.of(JSON),
                        ascii("{\"claims\":{\"sub\":[[{}]],\"iss\":5,\"ref\":null},\"issuer\":\"github\",\"role\":{}}"), 200),
                Arguments.of("explain with an unknown issuer quoting a long name -> 400", "POST", "/admin/v1/explain", List.of(JSON),
                        ascii("{\"claims\":{},\"issuer\":\"" + "i".repeat(60_000) + "\"}"), 400),
                Arguments.of("revocation without kind -> 400", "POST", "/admin/v1/revocations", List.of(JSON), ascii("{\"value\":1}"), 400),
                Arguments.of("revocation with a bad kind -> 400", "DELETE", "/admin/v1/revocations", List.of(JSON),
                        ascii("{\"kind\":\"" + "k".repeat(5000) + "\",\"value\":\"v\"}"), 400));
    }

    private static byte[] chunked(String body) {
        byte[] bytes = ascii(body);
        StringBuilder out = new StringBuilder();
        out.append(Integer.toHexString(bytes.length)).append("\r\n").append(body).append("\r\n0\r\n\r\n");
        return ascii(out.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void callerMistakeGetsItsStatusAsJsonWithoutAStackTrace(String name, String method, String path, List<String> headers,
            byte[] body, int status) {
        int mark = LogCapture.mark();
        RawHttp.Reply reply = RawHttp.send(TestPorts.management(), method, path, headers, body);
        String text = reply.text();
        assertThat(reply.status()).as(name + ": " + text.substring(0, Math.min(300, text.length()))).isEqualTo(status);
        if (status >= 400) {
            assertThat(Shape.MANAGEMENT_JSON.problem(reply)).as(name).isEmpty();
        }
        assertThat(text).doesNotContain("\tat ", "Exception", "<html");
        assertThat(reply.body().length).as("answer stays small").isLessThan(4096);
        assertThat(LogCapture.alarmsSince(mark)).as("log lines for a caller's mistake").isEmpty();
    }
}
