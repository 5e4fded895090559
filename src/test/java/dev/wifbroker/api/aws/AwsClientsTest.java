package dev.wifbroker.api.aws;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.StsStub;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * The AWS protocols end to end with the real AWS SDK for Java v2 as the client: broker → WireMock STS.
 * Each test uses its own workload {@code sub}, so the broker's credential cache never answers for another.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class AwsClientsTest {
    static final String ROLE = "aws-deploy";

    @AfterEach
    void healthySts() {
        BrokerTestResource.sts().succeed(Duration.ofHours(1));
        for (String p : List.of("aws.containerCredentialsFullUri", "aws.containerAuthorizationTokenFile", "aws.roleArn",
                "aws.webIdentityTokenFile", "aws.region", "aws.endpointUrlSts", "aws.roleSessionName")) {
            System.clearProperty(p);
        }
    }

    static String github(String sub, Consumer<Map<String, Object>> edit) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 600);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        claims.put("sub", sub);
        edit.accept(claims);
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    static String unique() {
        return "repo:octo-org/octo-repo:environment:production:" + UUID.randomUUID();
    }

    static Path tokenFile(String token) throws IOException {
        Path file = Files.createTempFile("aws-token", "");
        Files.writeString(file, token);
        return file;
    }

    static URI base() {
        return URI.create("http://127.0.0.1:" + RestAssured.port);
    }

    static JwtClaims brokerAssertion(String webIdentityToken) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        String issuer = given().get("/.well-known/openid-configuration").then().extract().path("issuer");
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(jwks).getJsonWebKeys()))
                .setExpectedIssuer(issuer).setExpectedAudience("sts.amazonaws.com").setRequireExpirationTime()
                .setRequireJwtId().build().processToClaims(webIdentityToken);
    }

    static Map<String, String> lastStsCall() {
        StsStub sts = BrokerTestResource.sts();
        return sts.form(sts.requests().size() - 1);
    }

    // --- GET /v1/aws/credentials -------------------------------------------------------------------

    @Test
    void container_credentials_come_from_sts_with_a_broker_assertion_sts_can_verify() throws Exception {
        String sub = unique();
        given().header("Authorization", github(sub, c -> {})).get("/v1/aws/credentials?role=" + ROLE).then().statusCode(200)
                .contentType(ContentType.JSON).header("Cache-Control", "no-store")
                .body("AccessKeyId", matchesPattern("ASIA[A-Z0-9]{16}"))
                .body("SecretAccessKey", equalTo(StsStub.SECRET_ACCESS_KEY))
                .body("Token", equalTo(StsStub.SESSION_TOKEN))
                .body("Expiration", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("AccountId", equalTo("123456789012"))
                .body("Code", equalTo("Success"));

        Map<String, String> call = lastStsCall();
        assertThat(call).containsEntry("RoleArn", BrokerTestResource.AWS_ROLE_ARN)
                .containsEntry("RoleSessionName", "gha-9876543210-2").containsEntry("DurationSeconds", "3600");
        JwtClaims assertion = brokerAssertion(call.get("WebIdentityToken"));
        assertThat(assertion.getSubject()).isEqualTo("role:aws-deploy:github:" + sub);
        assertThat(assertion.getClaimValue("https://aws.amazon.com/tags"))
                .isEqualTo(Map.of("principal_tags", Map.of("repository", List.of("octo-org/octo-repo"))));
        assertThat(assertion.getClaimValue("https://aws.amazon.com/source_identity")).isEqualTo("octocat");
    }

    @Test
    void the_path_form_and_a_bearer_header_work_too() {
        given().header("Authorization", "Bearer " + github(unique(), c -> {})).get("/v1/aws/credentials/" + ROLE).then()
                .statusCode(200).body("AccessKeyId", notNullValue());
    }

    @Test
    void container_credential_errors_carry_both_casings_of_code_and_message_and_never_a_500() {
        given().get("/v1/aws/credentials?role=" + ROLE).then().statusCode(400)
                .body("Code", equalTo("InvalidRequest")).body("code", equalTo("InvalidRequest"))
                .body("Message", notNullValue()).body("message", notNullValue()).body("reason", equalTo("invalid_request"));
        given().header("Authorization", github(unique(), c -> {})).get("/v1/aws/credentials").then().statusCode(400)
                .body("reason", equalTo("invalid_request"));
        given().header("Authorization", "not-a-jwt").get("/v1/aws/credentials?role=" + ROLE).then().statusCode(400)
                .body("Code", equalTo("InvalidToken")).body("reason", equalTo("token_malformed"));
        given().header("Authorization", github(unique(), c -> c.put("ref", "refs/heads/dev")))
                .get("/v1/aws/credentials?role=" + ROLE).then().statusCode(403)
                .body("Code", equalTo("AccessDenied")).body("reason", equalTo("no_matching_rule"))
                .body("decision_id", notNullValue());
        given().header("Authorization", github(unique(), c -> {})).get("/v1/aws/credentials?role=deploy").then()
                .statusCode(400).body("reason", equalTo("invalid_request"));
    }

    @Test
    void a_token_lacking_a_claim_a_session_template_reads_is_refused_before_aws_is_called() {
        int before = BrokerTestResource.sts().requests().size();
        given().header("Authorization", github(unique(), c -> c.remove("actor"))).get("/v1/aws/credentials?role=" + ROLE)
                .then().statusCode(403).body("reason", equalTo("no_matching_rule")).body("Code", equalTo("AccessDenied"));
        assertThat(BrokerTestResource.sts().requests()).hasSize(before);
    }

    @Test
    void a_burst_of_identical_credential_requests_makes_one_sts_call() throws Exception {
        BrokerTestResource.sts().slow(Duration.ofMillis(500), Duration.ofHours(1));
        String token = github(unique(), c -> {});
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<String>> keys = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                keys.add(pool.submit(() -> given().header("Authorization", token).get("/v1/aws/credentials?role=" + ROLE)
                        .then().statusCode(200).extract().<String>path("AccessKeyId")));
            }
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> k : keys) {
                distinct.add(k.get());
            }
            assertThat(distinct).hasSize(1);
            assertThat(BrokerTestResource.sts().requests()).hasSize(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void token_exchange_returns_aws_credentials_alongside_access_token() throws Exception {
        String sub = unique();
        given().contentType(ContentType.URLENC).formParams(Map.of(
                        "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                        "subject_token", github(sub, c -> {}),
                        "subject_token_type", "urn:ietf:params:oauth:token-type:jwt",
                        "audience", ROLE,
                        "requested_token_type", "urn:wif-broker:token-type:aws-credentials"))
                .post("/v1/token").then().statusCode(200)
                .body("issued_token_type", equalTo("urn:wif-broker:token-type:aws-credentials"))
                .body("aws_access_key_id", matchesPattern("ASIA[A-Z0-9]{16}"))
                .body("aws_secret_access_key", equalTo(StsStub.SECRET_ACCESS_KEY))
                .body("aws_session_token", equalTo(StsStub.SESSION_TOKEN));
        assertThat(brokerAssertion(lastStsCall().get("WebIdentityToken")).getSubject()).isEqualTo("role:aws-deploy:github:" + sub);
    }

    @Test
    void sts_refusals_and_outages_reach_the_caller_as_access_denied_and_service_unavailable() {
        BrokerTestResource.sts().fail(403, "Sender", "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
        String body = given().header("Authorization", github(unique(), c -> {})).get("/v1/aws/credentials?role=" + ROLE)
                .then().statusCode(403).body("Code", equalTo("AccessDenied")).body("reason", equalTo("upstream_denied"))
                .extract().asString();
        assertThat(body).contains("AccessDenied").doesNotContain("Not authorized to perform");

        BrokerTestResource.sts().fail(503, "Receiver", "ServiceUnavailable", "try later");
        given().header("Authorization", github(unique(), c -> {})).get("/v1/aws/credentials?role=" + ROLE).then()
                .statusCode(503).header("Retry-After", notNullValue()).body("Code", equalTo("ServiceUnavailable"))
                .body("reason", equalTo("upstream_unavailable"));
    }

    @Test
    void the_sdk_container_credentials_provider_resolves_and_refreshes_before_expiry_rereading_the_token_file()
            throws Exception {
        // Credentials living 90 s are inside every SDK refresh window: the next resolve must fetch again.
        BrokerTestResource.sts().succeed(Duration.ofSeconds(90));
        Path file = tokenFile(github(unique(), c -> {}));
        System.setProperty("aws.containerCredentialsFullUri", base() + "/v1/aws/credentials?role=" + ROLE);
        System.setProperty("aws.containerAuthorizationTokenFile", file.toString());
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            AwsSessionCredentials first = (AwsSessionCredentials) provider.resolveCredentials();
            assertThat(first.accessKeyId()).startsWith("ASIA");
            assertThat(first.sessionToken()).isEqualTo(StsStub.SESSION_TOKEN);
            assertThat(first.expirationTime()).hasValueSatisfying(e -> assertThat(e).isAfter(Instant.now()));

            // A rotated projected token (new workload sub): the refresh must present it.
            String rotatedSub = unique();
            Files.writeString(file, github(rotatedSub, c -> {}));
            AwsCredentials second = provider.resolveCredentials();

            assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(Instant.now()).isBefore(first.expirationTime().orElseThrow());
            assertThat(brokerAssertion(lastStsCall().get("WebIdentityToken")).getSubject())
                    .isEqualTo("role:aws-deploy:github:" + rotatedSub);
        }
    }

    @Test
    void the_sdk_container_credentials_provider_reports_a_denial_with_the_brokers_message() throws Exception {
        Path file = tokenFile(github(unique(), c -> c.put("ref", "refs/heads/dev")));
        System.setProperty("aws.containerCredentialsFullUri", base() + "/v1/aws/credentials/" + ROLE);
        System.setProperty("aws.containerAuthorizationTokenFile", file.toString());
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            assertThatThrownBy(provider::resolveCredentials).isInstanceOf(SdkClientException.class)
                    .hasStackTraceContaining("no trust rule of role 'aws-deploy' admits this identity");
        }
    }

    // --- POST /v1/aws/sts ----------------------------------------------------------------------------

    /** The Java SDK posts to {@code /} whatever path the endpoint has (aws/aws-sdk-java-v2#3387); the facade answers both. */
    static StsClient facade() {
        return StsClient.builder().region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create())
                .endpointOverride(base()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static AssumeRoleWithWebIdentityResponse assume(StsClient sts, String token, Integer duration) {
        return sts.assumeRoleWithWebIdentity(b -> b.roleArn(BrokerTestResource.AWS_ROLE_ARN).roleSessionName("ignored-by-broker")
                .webIdentityToken(token).durationSeconds(duration));
    }

    @Test
    void the_sdk_sts_client_assumes_the_role_through_the_facade_and_duration_only_narrows() throws Exception {
        try (StsClient sts = facade()) {
            AssumeRoleWithWebIdentityResponse r = assume(sts, github(unique(), c -> {}), 1800);
            assertThat(r.credentials().accessKeyId()).startsWith("ASIA");
            assertThat(r.credentials().secretAccessKey()).isEqualTo(StsStub.SECRET_ACCESS_KEY);
            assertThat(r.credentials().expiration()).isAfter(Instant.now());
            assertThat(r.assumedRoleUser().arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/orders/orders-session");
            assertThat(r.responseMetadata().requestId()).isNotBlank();
            assertThat(lastStsCall()).containsEntry("DurationSeconds", "1800").containsEntry("RoleSessionName",
                    "gha-9876543210-2");

            assume(sts, github(unique(), c -> {}), 43200);
            assertThat(lastStsCall()).containsEntry("DurationSeconds", "3600");
        }
    }

    @Test
    void the_sdk_sts_client_gets_sts_exception_types_for_denials() {
        try (StsClient sts = facade()) {
            assertThatThrownBy(() -> assume(sts, "eyJhbGciOiJub25lIn0.e30.x", null))
                    .isInstanceOf(InvalidIdentityTokenException.class);
            long past = Instant.now().getEpochSecond() - 3600;
            assertThatThrownBy(() -> assume(sts, github(unique(), c -> {
                c.put("iat", past - 60);
                c.put("nbf", past - 60);
                c.put("exp", past);
            }), null)).isInstanceOf(ExpiredTokenException.class);
            assertThatThrownBy(() -> assume(sts, github(unique(), c -> c.put("ref", "refs/heads/dev")), null))
                    .isInstanceOfSatisfying(StsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                        assertThat(e.awsErrorDetails().errorMessage()).contains("no_matching_rule");
                    });
            assertThatThrownBy(() -> sts.assumeRoleWithWebIdentity(b -> b.roleArn("arn:aws:iam::123456789012:role/unknown")
                    .roleSessionName("s1").webIdentityToken(github(unique(), c -> {}))))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("AccessDenied"));
            assertThatThrownBy(() -> sts.assumeRoleWithWebIdentity(b -> b.roleArn(BrokerTestResource.AWS_ROLE_ARN)
                    .roleSessionName("s1").webIdentityToken(github(unique(), c -> {})).policy("{\"Statement\":[]}")))
                    .isInstanceOfSatisfying(StsException.class, e -> assertThat(e.awsErrorDetails().errorCode())
                            .isEqualTo("ValidationError"));
        }
    }

    @Test
    void the_sdk_web_identity_provider_resolves_credentials_from_env_style_settings() throws Exception {
        Path file = tokenFile(github(unique(), c -> {}));
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.endpointUrlSts", base().toString());
        System.setProperty("aws.roleArn", BrokerTestResource.AWS_ROLE_ARN);
        System.setProperty("aws.webIdentityTokenFile", file.toString());
        try (WebIdentityTokenFileCredentialsProvider provider = WebIdentityTokenFileCredentialsProvider.create()) {
            AwsCredentials credentials = provider.resolveCredentials();
            assertThat(credentials.accessKeyId()).startsWith("ASIA");
            assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo(StsStub.SESSION_TOKEN);
        }
    }

    @Test
    void the_facade_answers_at_its_documented_path_too() {
        given().contentType(ContentType.URLENC).formParams(Map.of("Action", "AssumeRoleWithWebIdentity",
                "Version", "2011-06-15", "RoleArn", BrokerTestResource.AWS_ROLE_ARN, "RoleSessionName", "s1",
                "WebIdentityToken", github(unique(), c -> {}), "DurationSeconds", "900"))
                .post("/v1/aws/sts").then().statusCode(200).contentType("text/xml")
                .body("AssumeRoleWithWebIdentityResponse.AssumeRoleWithWebIdentityResult.Credentials.AccessKeyId",
                        matchesPattern("ASIA[A-Z0-9]{16}"))
                .body("AssumeRoleWithWebIdentityResponse.AssumeRoleWithWebIdentityResult.Credentials.Expiration",
                        matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
                .body("AssumeRoleWithWebIdentityResponse.ResponseMetadata.RequestId", notNullValue());
        assertThat(lastStsCall()).containsEntry("DurationSeconds", "900");
    }

    @Test
    void a_missing_workload_token_names_both_sdk_variables() {
        given().get("/v1/aws/credentials/payments-deploy").then().statusCode(400)
                .body("reason", equalTo("invalid_request"))
                .body("message", org.hamcrest.Matchers.containsString("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))
                .body("message", org.hamcrest.Matchers.containsString("AWS_CONTAINER_AUTHORIZATION_TOKEN to the token itself"));
    }

    @Test
    void facade_request_errors_are_sts_xml() {
        given().contentType(ContentType.URLENC).formParams(Map.of("Action", "GetCallerIdentity", "Version", "2011-06-15"))
                .post("/v1/aws/sts").then().statusCode(400).contentType("text/xml")
                .body("ErrorResponse.Error.Code", equalTo("InvalidAction"))
                .body("ErrorResponse.Error.Type", equalTo("Sender"))
                .body("ErrorResponse.RequestId", notNullValue());
        given().contentType(ContentType.URLENC).formParams(Map.of("Action", "AssumeRoleWithWebIdentity",
                "RoleArn", BrokerTestResource.AWS_ROLE_ARN, "RoleSessionName", "bad name", "WebIdentityToken", "abcd"))
                .post("/v1/aws/sts").then().statusCode(400).body("ErrorResponse.Error.Code", equalTo("ValidationError"))
                .body("ErrorResponse.Error.Message", org.hamcrest.Matchers.matchesPattern(".*\\(reason invalid_request, request [0-9a-f-]{36}\\)"));
        io.restassured.response.Response unknown = given().contentType(ContentType.URLENC).formParams(Map.of("Action",
                "AssumeRoleWithWebIdentity", "RoleArn", "arn:aws:iam::123456789012:role/nobody", "RoleSessionName", "s1",
                "WebIdentityToken", "abcd")).post("/v1/aws/sts");
        unknown.then().statusCode(403).body("ErrorResponse.Error.Code", equalTo("AccessDenied"))
                .body("ErrorResponse.Error.Message", org.hamcrest.Matchers.containsString("(reason unknown_role, request "
                        + unknown.xmlPath().getString("ErrorResponse.RequestId") + ")"));
        given().contentType(ContentType.URLENC).formParams(Map.of("Action", "GetCallerIdentity")).post("/v1/aws/sts").then()
                .body("ErrorResponse.Error.Message", org.hamcrest.Matchers.containsString("(reason invalid_request, request "));
    }
}
