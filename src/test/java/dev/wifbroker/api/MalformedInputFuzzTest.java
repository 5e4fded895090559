package dev.wifbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.ErrorShapes.Shape;
import dev.wifbroker.testing.LogCapture;
import dev.wifbroker.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile HTTP input on the workload port: malformed form encoding, wrong or broken media types, invalid
 * UTF-8, oversized and over-numerous parameters, wrong methods and paths. Every answer must be a 4xx in the
 * endpoint's own format (OAuth JSON on {@code /v1/token}, STS XML on the facade, the container-credentials
 * JSON on {@code /v1/aws/credentials}), and none may leave a WARN/ERROR line or a stack trace in the log.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class MalformedInputFuzzTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TOKEN_FORM = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
            + "&subject_token=not-a-jwt&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&audience=deploy";
    private static final String STS_FORM = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            + "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Faws-deploy&RoleSessionName=fuzz&WebIdentityToken=not-a-jwt";
    private static final int SWEEP_PER_ENDPOINT = 700;

    /** An endpoint that reads a form, and the format its errors must have. */
    enum Endpoint {
        TOKEN("/v1/token", Shape.OAUTH, TOKEN_FORM),
        STS("/v1/aws/sts", Shape.STS_XML, STS_FORM),
        STS_AT_ROOT("/", Shape.STS_XML, STS_FORM);

        final String path;
        final Shape shape;
        final String validForm;

        Endpoint(String path, Shape shape, String validForm) {
            this.path = path;
            this.shape = shape;
            this.validForm = validForm;
        }
    }

    /** A malformed body with the headers that go with it. */
    record BodyCase(String name, List<String> headers, byte[] body) {}

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(String prefix, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(prefix));
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static BodyCase form(String name, String body) {
        return new BodyCase(name, List.of("Content-Type: " + FORM), ascii(body));
    }

    private static BodyCase typed(String name, String contentType, String body) {
        return new BodyCase(name, contentType == null ? List.of() : List.of("Content-Type: " + contentType), ascii(body));
    }

    private static String many(String pair, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : "&").append(pair.replace("#", Integer.toString(i)));
        }
        return b.toString();
    }

    static List<BodyCase> bodyCases() {
        List<BodyCase> cases = new ArrayList<>();
        cases.add(form("lone percent (a=%)", "a=%"));
        cases.add(form("percent at the end of a value", "grant_type=urn%"));
        cases.add(form("bad hex escape (grant_type=%zz)", "grant_type=%zz"));
        cases.add(form("half an escape (%4)", "a=%4"));
        cases.add(form("escape in a name", "%zz=1&grant_type=x"));
        cases.add(form("empty name and value (=)", "="));
        cases.add(form("empty pair then empty name (&=)", "&="));
        cases.add(form("empty name with a value (=x)", "=x"));
        cases.add(form("only separators", "&&&&"));
        cases.add(form("empty body", ""));
        cases.add(new BodyCase("invalid UTF-8 raw bytes", List.of("Content-Type: " + FORM),
                concat("a=", new byte[] {(byte) 0xff, (byte) 0xfe})));
        cases.add(new BodyCase("invalid UTF-8 raw bytes in a name", List.of("Content-Type: " + FORM),
                concat("", new byte[] {(byte) 0xc3, '=', '1'})));
        cases.add(form("invalid UTF-8 percent-encoded", "grant_type=%ff%fe"));
        cases.add(form("overlong UTF-8 (%c0%af)", "audience=%c0%af"));
        cases.add(form("UTF-16 surrogate encoded in UTF-8", "audience=%ed%a0%80"));
        cases.add(form("truncated UTF-8 sequence", "audience=%e2%82"));
        cases.add(form("NUL byte in a value", "audience=%00&" + TOKEN_FORM.replace("&audience=deploy", "")));
        cases.add(new BodyCase("raw NUL and control bytes", List.of("Content-Type: " + FORM),
                concat("a=", new byte[] {0, 1, 2, 0x1b, 0x7f})));
        cases.add(form("CRLF header injection in a value", "audience=x%0d%0aX-Injected%3a%201&grant_type=y"));
        cases.add(form("duplicated parameter", "grant_type=a&grant_type=b"));
        cases.add(form("duplicated parameter, one empty", "audience=&audience=deploy"));
        cases.add(form("10,000 distinct parameters", many("p#=v", 10_000)));
        cases.add(form("10,000 repeats of one parameter", many("audience=deploy", 10_000)));
        cases.add(form("20,000 empty pairs", "&".repeat(20_000)));
        cases.add(form("100 KB value", "audience=" + "a".repeat(100_000)));
        cases.add(form("100 KB name", "a".repeat(100_000) + "=1"));
        cases.add(form("5 MB value", "audience=" + "a".repeat(5_000_000)));
        cases.add(form("semicolon separators", "grant_type=x;audience=y"));
        cases.add(form("JSON sent as a form", "{\"grant_type\":\"x\"}"));
        cases.add(form("plus and spaces", "grant_type=+++&audience=+"));
        Random random = new Random(9);
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        cases.add(new BodyCase("4 KB of random bytes", List.of("Content-Type: " + FORM), junk));
        for (String charset : List.of("bogus", "", "\"\"", "utf-16", "UTF-32", "x-illegal?name", "ISO-2022-JP", "utf-8, latin1")) {
            cases.add(typed("charset=" + charset, FORM + "; charset=" + charset, "a=b"));
        }
        cases.add(typed("charset=ISO-8859-1 with a Latin-1 byte", FORM + "; charset=ISO-8859-1", "audience=%e9"));
        cases.add(typed("charset quoted utf-8", FORM + "; charset=\"utf-8\"", "a=b"));
        cases.add(typed("trailing semicolon", FORM + ";", "a=b"));
        cases.add(typed("parameter without value", FORM + "; charset", "a=b"));
        cases.add(typed("empty parameter", FORM + "; =", "a=b"));
        cases.add(typed("content type of semicolons", ";;;", "a=b"));
        cases.add(typed("content type slash", "/", "a=b"));
        cases.add(typed("content type without subtype", "application/", "a=b"));
        cases.add(typed("content type with three parts", "application/x-www-form-urlencoded/x", "a=b"));
        cases.add(typed("content type list", FORM + ", text/plain", "a=b"));
        cases.add(typed("content type wildcard", "*/*", "a=b"));
        cases.add(typed("text/plain", "text/plain", "a=b"));
        cases.add(typed("application/json", "application/json", "{\"grant_type\":\"x\"}"));
        cases.add(typed("application/xml", "application/xml", "<a/>"));
        cases.add(typed("multipart without boundary", "multipart/form-data", "a=b"));
        cases.add(typed("multipart with a body", "multipart/form-data; boundary=XX",
                "--XX\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nx\r\n--XX--\r\n"));
        cases.add(typed("no content type", null, "a=b"));
        cases.add(new BodyCase("non-ASCII bytes in the content type",
                List.of("Content-Type: " + FORM + "; charset=\u00e9\u00ff"), ascii("a=b")));
        cases.add(new BodyCase("two content types", List.of("Content-Type: " + FORM, "Content-Type: text/plain"), ascii("a=b")));
        cases.add(new BodyCase("chunked 100 KB body", List.of("Content-Type: " + FORM, "Transfer-Encoding: chunked"),
                chunked("audience=" + "a".repeat(100_000))));
        cases.add(new BodyCase("chunked 5 MB body", List.of("Content-Type: " + FORM, "Transfer-Encoding: chunked"),
                chunked("audience=" + "a".repeat(5_000_000))));
        cases.add(new BodyCase("declares 50 MB, sends 3 bytes", List.of("Content-Type: " + FORM, "Content-Length: 50000000"),
                ascii("a=b")));
        cases.add(new BodyCase("Accept only HTML", List.of("Content-Type: " + FORM, "Accept: text/html"), ascii("a=%")));
        cases.add(new BodyCase("Accept nothing known", List.of("Content-Type: " + FORM, "Accept: application/x-nothing"),
                ascii("a=b")));
        return cases;
    }

    private static byte[] chunked(String body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = ascii(body);
        for (int i = 0; i < bytes.length; i += 8192) {
            int n = Math.min(8192, bytes.length - i);
            out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            out.write(bytes, i, n);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("0\r\n\r\n"));
        return out.toByteArray();
    }

    static Stream<Arguments> malformedBodies() {
        List<Arguments> out = new ArrayList<>();
        for (Endpoint endpoint : Endpoint.values()) {
            for (BodyCase c : bodyCases()) {
                out.add(Arguments.of(endpoint + ": " + c.name(), endpoint, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodyGetsA4xxInTheEndpointFormatAndNoStackTrace(String name, Endpoint endpoint, BodyCase c) {
        int mark = LogCapture.mark();
        RawHttp.Reply reply = RawHttp.send(port(), "POST", endpoint.path, c.headers(), c.body());
        assertThat(endpoint.shape.problem(reply)).as(name + " -> " + reply.status() + " " + excerpt(reply)).isEmpty();
        assertThat(reply.body().length).as("answer stays small").isLessThan(4096);
        assertThat(LogCapture.alarmsSince(mark)).as("log lines for a caller's mistake").isEmpty();
    }

    /**
     * Requests that cannot be framed as HTTP at all: Netty refuses them (400, 431) and closes the connection
     * before any route, so they get the HTTP layer's bare answer, never a 5xx and never a log line.
     */
    static Stream<Arguments> unframeable() {
        return Stream.of(
                Arguments.of("Content-Length not a number", List.of("Content-Length: 12x")),
                Arguments.of("negative Content-Length", List.of("Content-Length: -3")),
                Arguments.of("two different Content-Lengths", List.of("Content-Length: 3", "Content-Length: 4")),
                Arguments.of("Content-Length listed twice", List.of("Content-Length: 3, 3")),
                Arguments.of("Content-Length beyond a long", List.of("Content-Length: 99999999999999999999")),
                Arguments.of("header line without a colon", List.of("Content-Type " + FORM, "Content-Length: 3")),
                Arguments.of("20 KB header", List.of("X-Big: " + "a".repeat(20_000), "Content-Length: 3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unframeable")
    void requestThatIsNotHttpGetsA4xxFromTheHttpLayer(String name, List<String> headers) {
        for (Endpoint endpoint : Endpoint.values()) {
            int mark = LogCapture.mark();
            RawHttp.Reply reply = RawHttp.send(port(), "POST", endpoint.path, headers, ascii("a=b"));
            assertThat(reply.status()).as(name + " on " + endpoint).isBetween(400, 499);
            assertThat(LogCapture.alarmsSince(mark)).isEmpty();
        }
    }

    static Stream<Arguments> wrongMethodsAndPaths() {
        return Stream.of(
                Arguments.of("GET /v1/token -> 405", "GET", "/v1/token", Shape.OAUTH),
                Arguments.of("PUT /v1/token -> 405", "PUT", "/v1/token", Shape.OAUTH),
                Arguments.of("DELETE /v1/token -> 405", "DELETE", "/v1/token", Shape.OAUTH),
                Arguments.of("PATCH /v1/token -> 405", "PATCH", "/v1/token", Shape.OAUTH),
                Arguments.of("POST /v1/token/x -> 404", "POST", "/v1/token/x", Shape.OAUTH),
                Arguments.of("POST /v1/nothing -> 404", "POST", "/v1/nothing", Shape.OAUTH),
                Arguments.of("GET /v1/aws/sts -> 405", "GET", "/v1/aws/sts", Shape.STS_XML),
                Arguments.of("PUT /v1/aws/sts -> 405", "PUT", "/v1/aws/sts", Shape.STS_XML),
                Arguments.of("DELETE /v1/aws/sts -> 405", "DELETE", "/v1/aws/sts", Shape.STS_XML),
                Arguments.of("POST /v1/aws/sts/x -> 404", "POST", "/v1/aws/sts/x", Shape.STS_XML),
                Arguments.of("GET / -> 405", "GET", "/", Shape.STS_XML),
                Arguments.of("PUT / -> 405", "PUT", "/", Shape.STS_XML),
                Arguments.of("DELETE / -> 405", "DELETE", "/", Shape.STS_XML),
                Arguments.of("GET /?Action=AssumeRoleWithWebIdentity -> 405", "GET", "/?Action=AssumeRoleWithWebIdentity",
                        Shape.STS_XML),
                Arguments.of("POST /v1/aws/credentials -> 405", "POST", "/v1/aws/credentials", Shape.CONTAINER_JSON),
                Arguments.of("PUT /v1/aws/credentials/r -> 405", "PUT", "/v1/aws/credentials/r", Shape.CONTAINER_JSON),
                Arguments.of("GET /v1/aws/credentials/a/b -> 404", "GET", "/v1/aws/credentials/a/b", Shape.CONTAINER_JSON));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongMethodsAndPaths")
    void wrongMethodOrPathGetsA4xxInTheEndpointFormat(String name, String method, String path, Shape shape) {
        int mark = LogCapture.mark();
        RawHttp.Reply reply = RawHttp.send(port(), method, path, List.of("Content-Type: " + FORM), ascii("a=b"));
        assertThat(shape.problem(reply)).as(name + " -> " + reply.status() + " " + excerpt(reply)).isEmpty();
        assertThat(LogCapture.alarmsSince(mark)).isEmpty();
    }

    /**
     * Seeded mutations of a well-formed request (bytes replaced by {@code % & = +}, escapes broken, bytes
     * above 0x7F, pairs repeated, truncation, media type swapped): deterministic, and counted.
     */
    @Test
    void seededMutationSweepAnswersEveryRequestWithA4xxInTheEndpointFormat() {
        Random random = new Random(20261202);
        List<String> contentTypes = List.of(FORM, FORM, FORM, FORM + "; charset=UTF-8", FORM + "; charset=bogus",
                FORM + "; charset=ISO-8859-1", "text/plain", "application/json", ";", "");
        int sent = 0;
        int not4xx = 0;
        List<String> failures = new ArrayList<>();
        int mark = LogCapture.mark();
        for (Endpoint endpoint : Endpoint.values()) {
            for (int i = 0; i < SWEEP_PER_ENDPOINT; i++) {
                byte[] body = mutate(ascii(endpoint.validForm), random);
                String type = contentTypes.get(random.nextInt(contentTypes.size()));
                List<String> headers = type.isEmpty() ? List.of() : List.of("Content-Type: " + type);
                RawHttp.Reply reply = RawHttp.send(port(), "POST", endpoint.path, headers, body);
                sent++;
                not4xx += reply.status() >= 400 && reply.status() < 500 ? 0 : 1;
                Optional<String> problem = endpoint.shape.problem(reply);
                if (problem.isPresent()) {
                    failures.add(endpoint + " " + type + " " + new String(body, StandardCharsets.ISO_8859_1) + ": "
                            + problem.get());
                }
            }
        }
        List<String> alarms = LogCapture.alarmsSince(mark);
        System.out.printf("fuzz sweep: %d requests, %d not a 4xx, %d not a 4xx in the endpoint format, %d log alarms%n",
                sent, not4xx, failures.size(), alarms.size());
        assertThat(failures).as(failures.size() + " of " + sent + " requests").isEmpty();
        assertThat(alarms).isEmpty();
    }

    private static byte[] mutate(byte[] valid, Random random) {
        List<Byte> b = new ArrayList<>();
        for (byte x : valid) {
            b.add(x);
        }
        byte[] specials = ascii("%&=+;%zz%%%e9%ff%c3");
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int pos = b.isEmpty() ? 0 : random.nextInt(b.size());
            switch (random.nextInt(7)) {
                case 0 -> b.add(pos, specials[random.nextInt(specials.length)]);
                case 1 -> {
                    if (!b.isEmpty()) {
                        b.set(pos, specials[random.nextInt(specials.length)]);
                    }
                }
                case 2 -> b.add(pos, (byte) (0x80 + random.nextInt(0x80)));
                case 3 -> {
                    for (byte x : ascii("%" + "0123456789abcdefXYZ".charAt(random.nextInt(19)))) {
                        b.add(pos, x);
                    }
                }
                case 4 -> {
                    for (byte x : ascii("&audience=r" + random.nextInt(9))) {
                        b.add(x);
                    }
                }
                case 5 -> {
                    while (b.size() > pos) {
                        b.remove(b.size() - 1);
                    }
                }
                default -> b.add(pos, (byte) random.nextInt(0x20));
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static String excerpt(RawHttp.Reply reply) {
        String t = reply.text();
        return (reply.header("content-type") + " " + (t.length() > 300 ? t.substring(0, 300) + "..." : t)).replace('\n', ' ');
    }
}
