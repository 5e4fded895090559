package dev.wifbroker.api.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.StsStub;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AWS STS misbehaving behind the broker, at the HTTP boundary with the production settings
 * ({@code broker.aws.*} defaults: 1 s connect, 2 s read per attempt, 4 attempts within 4 s): what the
 * caller gets, how fast, and the upstream's {@code Retry-After} passed through. Before: every outage
 * answered {@code Retry-After: 5} and a hung STS held the caller 15 s or more. Figures go to standard output.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class StsFaultTest {
    static final String ROLE = "aws-deploy";

    @AfterEach
    void healthySts() {
        BrokerTestResource.sts().succeed(Duration.ofHours(1));
    }

    static String token() {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 600);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        claims.put("sub", "repo:octo-org/octo-repo:environment:production:" + UUID.randomUUID());
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    record Answer(Response response, long millis, int stsCalls) {}

    static Answer containerCredentials() {
        int before = BrokerTestResource.sts().requests().size();
        long started = System.nanoTime();
        Response r = given().header("Authorization", token()).get("/v1/aws/credentials?role=" + ROLE);
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Answer(r, millis, BrokerTestResource.sts().requests().size() - before);
    }

    static void stsAnswers(int status, String code, String retryAfter) {
        StsStub sts = BrokerTestResource.sts();
        sts.server().resetAll();
        var response = aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(StsStub.errorXml(status >= 500 ? "Receiver" : "Sender", code, "Rate exceeded"));
        if (retryAfter != null) {
            response.withHeader("Retry-After", retryAfter);
        }
        sts.server().stubFor(post(urlEqualTo("/")).willReturn(response));
    }

    static void assertUnavailable(Answer a, String fault) {
        assertThat(a.response().statusCode()).isEqualTo(503);
        assertThat(a.response().contentType()).startsWith(ContentType.JSON.toString());
        assertThat(a.response().<String>path("reason")).isEqualTo("upstream_unavailable");
        assertThat(a.response().<String>path("Code")).isNotBlank();
        System.out.printf("FAULT %-34s 503 upstream_unavailable, Retry-After %s, %d STS calls %6d ms%n", fault,
                a.response().header("Retry-After"), a.stsCalls(), a.millis());
    }

    @Test
    void sts_5xx_is_retried_within_the_deadline_then_a_503_with_the_default_retry_after() {
        stsAnswers(500, "InternalFailure", null);
        Answer a = containerCredentials();
        assertUnavailable(a, "STS 500 InternalFailure");
        assertThat(a.response().header("Retry-After")).isEqualTo("5");
        assertThat(a.stsCalls()).isEqualTo(4);
        assertThat(a.millis()).isLessThan(4_000);
    }

    @Test
    void sts_throttling_429_with_retry_after_seconds_is_passed_through_at_once() {
        stsAnswers(429, "Throttling", "7");
        Answer a = containerCredentials();
        assertUnavailable(a, "STS 429 Throttling, Retry-After: 7");
        assertThat(a.response().header("Retry-After")).isEqualTo("7");
        // 7 s is beyond the mint's 4 s deadline: no attempt waits for it; the caller does.
        assertThat(a.stsCalls()).isEqualTo(1);
        assertThat(a.millis()).isLessThan(1_500);
    }

    @Test
    void sts_503_with_an_http_date_retry_after_is_passed_through_as_seconds() {
        String in20s = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(20).atOffset(ZoneOffset.UTC));
        stsAnswers(503, "ServiceUnavailable", in20s);
        Answer a = containerCredentials();
        assertUnavailable(a, "STS 503, Retry-After: <date +20 s>");
        assertThat(Long.parseLong(a.response().header("Retry-After"))).isBetween(17L, 21L);
        assertThat(a.stsCalls()).isEqualTo(1);
    }

    @Test
    void sts_retry_after_beyond_five_minutes_is_capped() {
        stsAnswers(429, "Throttling", "86400");
        Answer a = containerCredentials();
        assertUnavailable(a, "STS 429, Retry-After: 86400");
        assertThat(a.response().header("Retry-After")).isEqualTo("300");
    }

    @Test
    void sts_hanging_is_answered_within_the_mint_deadline_not_the_old_fifteen_seconds() {
        BrokerTestResource.sts().slow(Duration.ofSeconds(30), Duration.ofHours(1));
        Answer a = containerCredentials();
        assertUnavailable(a, "STS hanging (no answer in 30 s)");
        assertThat(a.response().header("Retry-After")).isEqualTo("5");
        // Two attempts of 2 s (the read timeout) fill the 4 s deadline.
        assertThat(a.stsCalls()).isBetween(1, 3);
        assertThat(a.millis()).isBetween(3_000L, 6_500L);
    }

    @Test
    void the_oauth_and_sts_facade_endpoints_pass_the_same_retry_after_on() {
        stsAnswers(429, "Throttling", "9");
        Map<String, String> form = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", token(), "subject_token_type", "urn:ietf:params:oauth:token-type:jwt", "audience", ROLE,
                "requested_token_type", "urn:wif-broker:token-type:aws-credentials");
        Response oauth = given().contentType(ContentType.URLENC).formParams(form).post("/v1/token");
        assertThat(oauth.statusCode()).as(oauth.asString()).isEqualTo(503);
        assertThat(oauth.<String>path("reason")).isEqualTo("upstream_unavailable");
        assertThat(oauth.header("Retry-After")).isEqualTo("9");
        Response facade = given().contentType(ContentType.URLENC).formParams(Map.of("Action", "AssumeRoleWithWebIdentity",
                "Version", "2011-06-15", "RoleArn", BrokerTestResource.AWS_ROLE_ARN, "RoleSessionName", "fault-test",
                "WebIdentityToken", token())).post("/v1/aws/sts");
        assertThat(facade.statusCode()).as(facade.asString()).isEqualTo(503);
        assertThat(facade.header("Retry-After")).isEqualTo("9");
    }
}
