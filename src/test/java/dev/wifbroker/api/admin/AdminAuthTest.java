package dev.wifbroker.api.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.wifbroker.testing.AuditCapture;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.TestPorts;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator API with {@code broker.admin.auth=required}, end to end: a Kubernetes service account's token
 * exchanged at {@code /v1/token} for an admin token, which then calls {@code /admin/v1/*}; every refusal on the wire.
 */
@QuarkusTest
@TestProfile(AdminAuthTest.Required.class)
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class AdminAuthTest {
    private static final int MANAGEMENT_PORT = TestPorts.management();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static class Required implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("broker.admin.auth", "required");
        }
    }

    static String clusterToken(String namespace, String serviceAccount) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("kubernetes/payments-api.json"), Instant.now(), 300);
        claims.put("iss", BrokerTestResource.issuerUrl("cluster"));
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
        @SuppressWarnings("unchecked")
        Map<String, Object> k8s = new LinkedHashMap<>((Map<String, Object>) claims.get("kubernetes.io"));
        k8s.put("namespace", namespace);
        k8s.put("serviceaccount", Map.of("name", serviceAccount, "uid", UUID.randomUUID().toString()));
        claims.put("kubernetes.io", k8s);
        return Tokens.sign(claims, BrokerTestResource.CLUSTER_KEY, "ES256");
    }

    static Response exchange(String token, String role) {
        return given().contentType(ContentType.URLENC).formParams(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", token,
                "subject_token_type", "urn:ietf:params:oauth:token-type:jwt",
                "audience", role)).post("/v1/token");
    }

    static String adminToken(String serviceAccount, String role) {
        return exchange(clusterToken("wif-broker", serviceAccount), role).then().statusCode(200).extract().path("access_token");
    }

    static RequestSpecification admin(String token) {
        RequestSpecification spec = given().port(MANAGEMENT_PORT);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    @Test
    void an_operator_exchanges_a_service_account_token_for_an_admin_token_and_calls_every_permission() {
        AuditCapture.install();
        Response issued = exchange(clusterToken("wif-broker", "wif-broker-operator"), "operators");
        issued.then().statusCode(200).body("token_type", equalTo("Bearer")).body("scope", equalTo("read explain revoke"))
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"));
        String token = issued.path("access_token");

        admin(token).get("/admin/v1/policy").then().statusCode(200).body("version", startsWith("sha256:"));
        admin(token).get("/admin/v1/roles").then().statusCode(200).body("roles.name", hasItem("operators"));
        admin(token).get("/admin/v1/issuers").then().statusCode(200).body("issuers.name", hasItem("cluster"));
        admin(token).get("/admin/v1/keys").then().statusCode(200).body("keys.phase", hasItem("active"))
                .body("keys.find { it.alg == 'ES256' && it.phase == 'active' }.kid", notNullValue());
        admin(token).contentType(ContentType.JSON).body(Map.of("token", clusterToken("payments", "api")))
                .post("/admin/v1/verify").then().statusCode(200).body("valid", equalTo(true));
        admin(token).contentType(ContentType.JSON).body(Map.of("kind", "role", "value", "zz-admin-test", "reason", "drill"))
                .post("/admin/v1/revocations").then().statusCode(201);
        admin(token).get("/admin/v1/revocations").then().statusCode(200).body("revocations.value", hasItem("zz-admin-test"));
        admin(token).contentType(ContentType.JSON).body(Map.of("kind", "role", "value", "zz-admin-test"))
                .delete("/admin/v1/revocations").then().statusCode(200);

        String audited = AuditCapture.events().stream().filter(e -> e.contains("\"type\":\"admin\"") && e.contains("POST /admin/v1/revocations")
                && e.contains("\"status\":201"))
                .findFirst().orElseThrow();
        assertThat(audited).contains("\"outcome\":\"allow\"", "\"status\":201",
                "\"subject\":\"cluster:system:serviceaccount:wif-broker:wif-broker-operator\"", "\"role\":\"operators\"",
                "\"sourceIssuer\":\"" + BrokerTestResource.issuerUrl("cluster") + "\"").doesNotContain(token);
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("GET", "/admin/v1/policy"), Arguments.of("GET", "/admin/v1/roles"), Arguments.of("GET", "/admin/v1/issuers"),
                Arguments.of("GET", "/admin/v1/keys"), Arguments.of("GET", "/admin/v1/health"), Arguments.of("GET", "/admin/v1/decisions"),
                Arguments.of("GET", "/admin/v1/decisions/any"), Arguments.of("GET", "/admin/v1/revocations"),
                Arguments.of("POST", "/admin/v1/revocations"), Arguments.of("DELETE", "/admin/v1/revocations"),
                Arguments.of("POST", "/admin/v1/explain"), Arguments.of("POST", "/admin/v1/verify"), Arguments.of("GET", "/admin/v1/nowhere"));
    }

    @ParameterizedTest(name = "{0} {1} without a token -> 401")
    @MethodSource("routes")
    void every_admin_route_refuses_a_call_without_a_bearer_token(String method, String path) {
        AuditCapture.install();
        RequestSpecification request = admin(null);
        if (!method.equals("GET")) {
            request = request.contentType(ContentType.JSON).body(Map.of("kind", "role", "value", "deploy"));
        }
        request.request(method, path).then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", startsWith("Bearer realm="))
                .header("Cache-Control", equalTo("no-store"))
                .body("error", equalTo("unauthorized")).body("reason", equalTo("token_missing"));
        assertThat(AuditCapture.events()).anySatisfy(e -> assertThat(e).contains("\"type\":\"admin\"", "\"outcome\":\"deny\"",
                "\"reason\":\"token_missing\"", "\"endpoint\":\"" + method + " " + path + "\"", "\"status\":401"));
    }

    static String header(String alg, String kid, String typ) {
        return B64.encodeToString(("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"" + typ + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static String payloadOf(String jwt) {
        return jwt.split("\\.")[1];
    }

    static String kidOf(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    static Stream<Arguments> refusedTokens() {
        return Stream.of(
                Arguments.of("a forged token: the admin token's claims escalated under its own signature", "signature_invalid",
                        (Consumer<String[]>) t -> {
                            String escalated = new String(Base64.getUrlDecoder().decode(payloadOf(t[0])), StandardCharsets.UTF_8)
                                    .replace("\"permissions\":[\"read\"]", "\"permissions\":[\"read\",\"explain\",\"revoke\"]");
                            String[] parts = t[0].split("\\.");
                            t[0] = parts[0] + "." + B64.encodeToString(escalated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
                        }),
                Arguments.of("a token signed by another key under the broker's kid", "signature_invalid", (Consumer<String[]>) t -> {
                    Map<String, Object> claims = Map.of("iss", "x", "exp", Instant.now().getEpochSecond() + 60);
                    String signed = Tokens.sign(claims, TestKeys.ec("attacker"), kidOf(t[0]), "ES256");
                    String[] parts = signed.split("\\.");
                    t[0] = header("ES256", kidOf(t[0]), "wif-admin+jwt") + "." + payloadOf(t[0]) + "." + parts[2];
                }),
                Arguments.of("an HMAC token", "algorithm_not_allowed",
                        (Consumer<String[]>) t -> t[0] = header("HS256", kidOf(t[0]), "wif-admin+jwt") + "." + payloadOf(t[0]) + ".c2ln"),
                Arguments.of("an unsigned token (alg none)", "algorithm_not_allowed",
                        (Consumer<String[]>) t -> t[0] = header("none", kidOf(t[0]), "wif-admin+jwt") + "." + payloadOf(t[0]) + ".c2ln"),
                Arguments.of("a token naming an unknown kid", "key_not_found",
                        (Consumer<String[]>) t -> t[0] = header("ES256", "no-such-kid", "wif-admin+jwt") + "." + payloadOf(t[0]) + "." + t[0].split("\\.")[2]),
                Arguments.of("not a JWT", "token_malformed", (Consumer<String[]>) t -> t[0] = "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0} -> 401 {1}")
    @MethodSource("refusedTokens")
    void tokens_that_are_not_genuine_admin_tokens_are_401(String name, String reason, Consumer<String[]> forge) {
        String[] token = {adminToken("wif-broker-viewer", "viewers")};
        forge.accept(token);
        admin(token[0]).get("/admin/v1/policy").then().statusCode(401).header("WWW-Authenticate", containsString("invalid_token"))
                .body("error", equalTo("unauthorized")).body("reason", equalTo(reason));
    }

    @Test
    void an_internal_token_from_the_same_broker_is_401_not_an_admin_token() {
        String internal = exchange(clusterToken("payments", "api"), "cluster-api").then().statusCode(200).extract().path("access_token");
        admin(internal).get("/admin/v1/policy").then().statusCode(401).body("reason", equalTo("not_an_admin_token"));
    }

    @Test
    void a_read_only_token_reads_but_is_403_on_revoke_and_explain_naming_the_permission() {
        AuditCapture.install();
        String token = adminToken("wif-broker-viewer", "viewers");
        admin(token).get("/admin/v1/revocations").then().statusCode(200);
        admin(token).contentType(ContentType.JSON).body(Map.of("kind", "role", "value", "deploy"))
                .post("/admin/v1/revocations").then().statusCode(403).contentType(ContentType.JSON)
                .body("error", equalTo("forbidden")).body("reason", equalTo("permission_required")).body("permission", equalTo("revoke"));
        admin(token).get("/admin/v1/revocations").then().statusCode(200).body("revocations.value", org.hamcrest.Matchers.not(hasItem("deploy")));
        admin(token).contentType(ContentType.JSON).body(Map.of("token", "x")).post("/admin/v1/explain").then().statusCode(403)
                .body("permission", equalTo("explain"));
        assertThat(AuditCapture.events()).anySatisfy(e -> assertThat(e).contains("\"endpoint\":\"POST /admin/v1/revocations\"",
                "\"status\":403", "\"reason\":\"permission_required\"", "\"role\":\"viewers\""));
    }

    @Test
    void a_workload_cannot_obtain_an_admin_token_from_the_operators_role() {
        exchange(clusterToken("payments", "api"), "operators").then().statusCode(403).body("reason", equalTo("no_matching_rule"));
    }

    @Test
    void a_denied_exchange_is_listed_with_its_trace_and_opened_by_its_decision_id() {
        String probe = clusterToken("billing", "api");
        String decisionId = exchange(probe, "cluster-api").then().statusCode(403).extract().path("decision_id");
        String token = adminToken("wif-broker-viewer", "viewers");

        Response listed = admin(token).queryParam("decision_id", decisionId).get("/admin/v1/decisions");
        listed.then().statusCode(200).body("decisions.size()", equalTo(1))
                .body("decisions[0].outcome", equalTo("deny")).body("decisions[0].reason", equalTo("no_matching_rule"))
                .body("decisions[0].role", equalTo("cluster-api")).body("decisions[0].issuer", equalTo("cluster"))
                .body("decisions[0].subjectFingerprint", startsWith("sha256:"))
                .body("decisions[0].trace.rules[0].conditions.find { it.claim == 'namespace' }.outcome", equalTo("mismatched"))
                .body("decisions[0].trace.rules[0].conditions.find { it.claim == 'namespace' }.actual", equalTo("billing"))
                .body("decisions[0].trace.hints", notNullValue());
        assertThat(listed.asString()).doesNotContain(probe).doesNotContain("system:serviceaccount:billing:api");

        admin(token).get("/admin/v1/decisions/" + decisionId).then().statusCode(200).body("decisionId", equalTo(decisionId))
                .body("trace.failingClaim", equalTo("namespace"));
        admin(token).queryParam("role", "cluster-api").queryParam("reason", "no_matching_rule").get("/admin/v1/decisions").then()
                .statusCode(200).body("decisions.decisionId", hasItem(decisionId));
        admin(token).queryParam("issuer", "github").get("/admin/v1/decisions").then().statusCode(200)
                .body("decisions.decisionId", org.hamcrest.Matchers.not(hasItem(decisionId)));
        admin(token).get("/admin/v1/decisions/" + UUID.randomUUID()).then().statusCode(404).body("reason", equalTo("not_found"));
        admin(token).queryParam("subject", "x").get("/admin/v1/decisions").then().statusCode(400).body("reason", equalTo("invalid_request"));
        admin(token).queryParam("limit", "0").get("/admin/v1/decisions").then().statusCode(400);
        admin(token).queryParam("limit", "1").get("/admin/v1/decisions").then().statusCode(200).body("decisions.size()", equalTo(1));
    }

    @Test
    void admin_calls_are_audited_but_not_listed_as_decisions() {
        String token = adminToken("wif-broker-viewer", "viewers");
        List<String> before = admin(token).get("/admin/v1/decisions").then().statusCode(200).extract().path("decisions.decisionId");
        assertThat(before).as("the admin token's own exchange is a decision").isNotEmpty();
        for (int i = 0; i < 3; i++) {
            admin(token).get("/admin/v1/policy").then().statusCode(200);
        }
        admin(null).get("/admin/v1/policy").then().statusCode(401);
        List<String> after = admin(token).get("/admin/v1/decisions").then().statusCode(200).extract().path("decisions.decisionId");
        assertThat(after).isEqualTo(before);
    }

    @Test
    void readiness_on_the_main_port_shows_status_only_and_its_detail_needs_read() {
        String ready = given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'trust-policies' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'trust-policies' }.data", org.hamcrest.Matchers.nullValue())
                .body("checks.find { it.name == 'signing-keys' }.data", org.hamcrest.Matchers.nullValue())
                .extract().asString();
        assertThat(ready).doesNotContain(BrokerTestResource.policyDir().toString()).doesNotContain("sha256:").doesNotContain("issuer.");
        admin(adminToken("wif-broker-viewer", "viewers")).get("/admin/v1/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'trust-policies' }.data.directory", equalTo(BrokerTestResource.policyDir().toAbsolutePath().toString()))
                .body("checks.find { it.name == 'trust-policies' }.data.version", startsWith("sha256:"))
                .body("checks.find { it.name == 'trust-policies' }.data.'issuer.cluster'", containsString("keys"))
                .body("checks.find { it.name == 'signing-keys' }.data.state", equalTo("memory"));
    }
}
