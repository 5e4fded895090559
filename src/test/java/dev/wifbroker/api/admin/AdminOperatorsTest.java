package dev.wifbroker.api.admin;

import dev.wifbroker.testing.TestPorts;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Operator endpoints: explain, what is in force, schemas, and hot reload that never breaks serving. */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class AdminOperatorsTest {
    private static final int MANAGEMENT_PORT = TestPorts.management();

    private static String github(Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 300);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        edit.accept(claims);
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    private static int exchange(String token, String role) {
        return given().contentType(ContentType.URLENC).formParams(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token", token,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt", "audience", role)).post("/v1/token").statusCode();
    }

    @Test
    void explainNamesTheFailingConditionWithExpectedAndActualValues() {
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON)
                .body(Map.of("token", github(c -> c.put("ref", "refs/heads/dev")), "role", "deploy"))
                .post("/admin/v1/explain").then().statusCode(200)
                .body("verified", equalTo(true))
                .body("roles[0].allowed", equalTo(false))
                .body("roles[0].reason", equalTo("no_matching_rule"))
                .body("roles[0].failingClaim", equalTo("ref"))
                .body("roles[0].rules.find { it.rule.startsWith('trust') }.conditions.find { it.claim == 'ref' }.actual",
                        equalTo("refs/heads/dev"))
                .body("roles[0].rules.find { it.rule.startsWith('trust') }.conditions.find { it.claim == 'ref' }.outcome",
                        notNullValue());
    }

    @Test
    void explainWorksOnAClaimSetForAnIssuer() {
        Map<String, Object> claims = Tokens.fixture("github/deploy-main-production.json");
        claims.put("environment", "Production");
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON)
                .body(Map.of("claims", claims, "issuer", "github", "role", "deploy"))
                .post("/admin/v1/explain").then().statusCode(200)
                .body("verified", equalTo(false))
                .body("roles[0].failingClaim", equalTo("environment"))
                .body("roles[0].hints.kind", hasItem(containsString("case")));
    }

    @Test
    void explainOfAnExpiredTokenReportsTheVerificationFailureAndStillExplains() {
        long now = Instant.now().getEpochSecond();
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON)
                .body(Map.of("token", github(c -> {
                    c.put("iat", now - 900);
                    c.put("exp", now - 600);
                }), "role", "deploy"))
                .post("/admin/v1/explain").then().statusCode(400)
                .body("verification.reason", equalTo("token_expired"))
                .body("explanation.verified", equalTo(false))
                .body("explanation.roles[0].allowed", equalTo(true));
    }

    @Test
    void explainWithoutTokenOrClaimsIsABadRequest() {
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON).body(Map.of("role", "deploy"))
                .post("/admin/v1/explain").then().statusCode(400).body("reason", equalTo("invalid_request"));
        given().port(MANAGEMENT_PORT).contentType(ContentType.JSON).body(Map.of("claims", Map.of(), "issuer", "nope"))
                .post("/admin/v1/explain").then().statusCode(400).body("reason", equalTo("issuer_not_trusted"));
    }

    @Test
    void rolesIssuersAndPolicyInForce() {
        given().port(MANAGEMENT_PORT).get("/admin/v1/roles").then().statusCode(200).body("roles.name", hasItem("deploy"));
        given().port(MANAGEMENT_PORT).get("/admin/v1/issuers").then().statusCode(200)
                .body("issuers.find { it.name == 'cluster' }.replay", equalTo("reject"))
                .body("issuers.find { it.name == 'cluster' }.keys", containsString("1 keys"));
        given().port(MANAGEMENT_PORT).get("/admin/v1/policy").then().statusCode(200)
                .body("version", containsString("sha256:"));
    }

    @Test
    void schemasAreServed() {
        given().get("/schemas/role.schema.json").then().statusCode(200).contentType("application/schema+json")
                .body("$schema", notNullValue());
        given().get("/schemas/nope.json").then().statusCode(404);
    }

    @Test
    void aBrokenEditKeepsTheLastGoodSetServingAndSaysWhyThenRecovers() throws Exception {
        Path dir = BrokerTestResource.policyDir();
        String before = given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("version");
        Path broken = dir.resolve("roles/zz-broken.yaml");
        Files.writeString(broken, "role: zz-broken\ntrust:\n  - issuer: github\n    claimz: {ref: main}\n");
        try {
            await(() -> given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("lastError") != null);
            given().port(MANAGEMENT_PORT).get("/admin/v1/policy").then()
                    .body("version", equalTo(before))
                    .body("lastError", containsString("roles/zz-broken.yaml:4:5"));
            given().port(MANAGEMENT_PORT).get("/admin/v1/health").then().statusCode(200).body("checks.find { it.name == 'trust-policies' }.data.lastError", containsString("zz-broken"));
            assertThat(exchange(github(c -> {}), "deploy")).isEqualTo(200);
        } finally {
            Files.delete(broken);
        }
        await(() -> given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("lastError") == null);
        Files.writeString(dir.resolve("roles/zz-new.yaml"), BrokerTestResource.DEPLOY_ROLE.replace("role: deploy", "role: zz-new"));
        try {
            await(() -> !before.equals(given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("version")));
            assertThat(exchange(github(c -> {}), "zz-new")).isEqualTo(200);
            given().port(MANAGEMENT_PORT).get("/admin/v1/policy").then().body("lastError", nullValue());
        } finally {
            Files.delete(dir.resolve("roles/zz-new.yaml"));
        }
        await(() -> before.equals(given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("version")));
    }

    @Test
    void aRegexBombIsRefusedWithinSecondsWhileTheLastGoodSetServesAndTheWatcherKeepsPolling() throws Exception {
        Path dir = BrokerTestResource.policyDir();
        String before = given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("version");
        Path bomb = dir.resolve("roles/zz-bomb.yaml");
        Files.writeString(bomb, BrokerTestResource.DEPLOY_ROLE.replace("role: deploy", "role: zz-bomb")
                .replace("ref: refs/heads/main", "ref: {regex: \"((((x{100}){100}){100}){100})\"}"));
        long start = System.nanoTime();
        try {
            await(() -> given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("lastError") != null);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            given().port(MANAGEMENT_PORT).get("/admin/v1/policy").then()
                    .body("version", equalTo(before))
                    .body("lastError", containsString("roles/zz-bomb.yaml:7:"))
                    .body("lastError", containsString("regex would compile to 102,020,204 instructions"))
                    .body("lastError", containsString("the limit is 10,000"));
            String polled = given().port(MANAGEMENT_PORT).get("/admin/v1/health").then().statusCode(200)
                    .body("checks.find { it.name == 'trust-policies' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'trust-policies' }.data.lastError", containsString("zz-bomb"))
                    .extract().path("checks.find { it.name == 'trust-policies' }.data.lastPollAt");
            await(() -> !polled.equals(given().port(MANAGEMENT_PORT).get("/admin/v1/health").path("checks.find { it.name == 'trust-policies' }.data.lastPollAt")));
            assertThat(exchange(github(c -> {}), "deploy")).isEqualTo(200);
        } finally {
            Files.delete(bomb);
        }
        await(() -> given().port(MANAGEMENT_PORT).get("/admin/v1/policy").path("lastError") == null);
        given().port(MANAGEMENT_PORT).get("/admin/v1/policy").then().body("version", equalTo(before));
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.get()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(100);
        }
    }
}
