package dev.wifbroker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.testing.AuditCapture;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.ErrorShapes;
import dev.wifbroker.testing.ErrorShapes.Shape;
import dev.wifbroker.testing.RawHttp;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a caller sends is never repeated unbounded: not in a response, not in an audit line. Hostile
 * characters in echoed values leave {@code error_description} (and the STS and container messages) as
 * RFC 6749 text: no quotes, backslashes, control characters, line breaks or non-ASCII.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class CallerInputBoundsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "Content-Type: application/x-www-form-urlencoded";
    private static final Pattern DECISION = Pattern.compile("\"decisionId\":\"([0-9a-f-]+)\"");

    @BeforeAll
    static void capture() {
        AuditCapture.install();
    }

    private static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    private static String token() {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 300);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        claims.put("sub", "repo:bounds:" + UUID.randomUUID());
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    private static byte[] form(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.US_ASCII);
    }

    private static RawHttp.Reply exchange(String role, String scope) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        p.put("subject_token", token());
        p.put("subject_token_type", "urn:ietf:params:oauth:token-type:jwt");
        p.put("audience", role);
        if (scope != null) {
            p.put("scope", scope);
        }
        return RawHttp.send(port(), "POST", "/v1/token", List.of(FORM), form(p));
    }

    private static String auditLineOf(RawHttp.Reply reply) throws Exception {
        String id = JSON.readTree(reply.body()).path("decision_id").asText();
        assertThat(id).as("decision id of " + reply.text()).isNotEmpty();
        return AuditCapture.events().stream().filter(e -> {
            Matcher m = DECISION.matcher(e);
            return m.find() && m.group(1).equals(id);
        }).findFirst().orElseThrow(() -> new AssertionError("no audit event for " + id));
    }

    @Test
    void aLongAudienceIsEchoedBoundedInTheAnswerAndTheAuditLine() throws Exception {
        RawHttp.Reply reply = exchange("r".repeat(60_000), null);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("reason").asText()).isEqualTo("unknown_role");
        assertThat(reply.body().length).isLessThan(1024);
        assertThat(body.path("error_description").asText()).contains("r".repeat(256) + "...[+59744 chars]");
        String audit = auditLineOf(reply);
        assertThat(audit.length()).as("audit line").isLessThan(2048);
        assertThat(audit).contains("\"role\":\"" + "r".repeat(256) + "...[+59744 chars]\"");
    }

    @Test
    void aLongScopeIsEchoedBoundedInTheAnswerAndTheAuditLine() throws Exception {
        String scope = String.join(" ", Stream.generate(() -> "s" + UUID.randomUUID()).limit(1500).toList());
        RawHttp.Reply reply = exchange("deploy", scope);
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("reason").asText()).as(reply.text()).isEqualTo("scope_not_allowed");
        assertThat(reply.body().length).isLessThan(1024);
        assertThat(body.path("error_description").asText()).contains("...[+");
        assertThat(auditLineOf(reply).length()).as("audit line").isLessThan(2048);
    }

    @Test
    void aFiveMegabyteAudienceIsRefusedAtTheHttpLayerWithoutAnAuditLine() throws Exception {
        int before = AuditCapture.events().size();
        RawHttp.Reply reply = exchange("a".repeat(5_000_000), null);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(Shape.OAUTH.problem(reply)).isEmpty();
        assertThat(AuditCapture.events().subList(before, AuditCapture.events().size()))
                .allSatisfy(e -> assertThat(e.length()).isLessThan(2048));
    }

    static Stream<Arguments> hostileRoles() {
        return Stream.of(
                Arguments.of("double quotes", "de\"ploy\""),
                Arguments.of("backslashes", "de\\ploy\\"),
                Arguments.of("CRLF injection", "x\r\nX-Injected: 1\r\n\r\n<html>"),
                Arguments.of("control characters", "a\u0000b\u0007c\u001b[31m"),
                Arguments.of("non-ASCII", "r\u00f4le-\u4e2d\u6587-\uD83D\uDE80"),
                Arguments.of("JSON breakout", "x\",\"error\":\"ok\",\"y\":\""),
                Arguments.of("XML breakout", "</Message><Code>Ok</Code><Message>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRoles")
    void hostileValuesLeaveTheOAuthDescriptionAsRfc6749Text(String name, String role) throws Exception {
        RawHttp.Reply reply = exchange(role, null);
        assertThat(Shape.OAUTH.problem(reply)).as(reply.text()).isEmpty();
        assertThat(JSON.readTree(reply.body()).path("reason").asText()).isEqualTo("unknown_role");
        assertThat(reply.headers()).doesNotContainKey("x-injected");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRoles")
    void hostileValuesLeaveTheContainerCredentialsMessageAsRfc6749Text(String name, String role) throws Exception {
        RawHttp.Reply reply = RawHttp.send(port(), "GET", "/v1/aws/credentials?role=" + URLEncoder.encode(role, StandardCharsets.UTF_8),
                List.of("Authorization: " + token()), null);
        assertThat(Shape.CONTAINER_JSON.problem(reply)).as(reply.text()).isEmpty();
        JsonNode body = JSON.readTree(reply.body());
        assertThat(body.path("reason").asText()).isEqualTo("unknown_role");
        assertThat(ErrorShapes.RFC6749_TEXT.matcher(body.path("Message").asText()).matches()).as(body.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRoles")
    void hostileParameterNamesLeaveTheStsMessageAsBoundedText(String name, String hostile) throws Exception {
        String key = hostile + "x".repeat(1000);
        String pair = new String(form(Map.of(key, "1")), StandardCharsets.US_ASCII);
        byte[] body = (pair + "&" + pair).getBytes(StandardCharsets.US_ASCII);
        RawHttp.Reply reply = RawHttp.send(port(), "POST", "/v1/aws/sts", List.of(FORM), body);
        assertThat(Shape.STS_XML.problem(reply)).as(reply.text()).isEmpty();
        String message = reply.text().replaceAll("(?s).*<Message>(.*)</Message>.*", "$1");
        assertThat(message).contains("is repeated").contains("...[+");
        assertThat(ErrorShapes.RFC6749_TEXT.matcher(message.replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&")).matches()).as(message).isTrue();
        assertThat(reply.body().length).isLessThan(2048);
    }
}
