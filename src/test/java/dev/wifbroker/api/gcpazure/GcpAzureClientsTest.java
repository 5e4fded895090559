package dev.wifbroker.api.gcpazure;

import static dev.wifbroker.testing.LoggedForm.form;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.WorkloadIdentityCredential;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.auth.oauth2.ExternalAccountCredentials;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.EntraStub;
import dev.wifbroker.testing.GcpAzureFixtures;
import dev.wifbroker.testing.GoogleStub;
import dev.wifbroker.testing.LoopbackTls;
import dev.wifbroker.testing.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GCP and Azure end to end with the unmodified Google and Azure client libraries: client → broker →
 * WireMock Google / Entra, and proof that the cloud was shown an assertion that verifies against the
 * broker's published JWKS. Each test uses its own workload {@code sub}, so the credential cache never
 * answers for another.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerTestResource.class, restrictToAnnotatedClass = false)
class GcpAzureClientsTest {

    @AfterEach
    void healthyClouds() {
        GcpAzureFixtures.google().succeed();
        GcpAzureFixtures.entra().resetAll();
    }

    static String githubToken(String sub) {
        Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 600);
        claims.put("iss", BrokerTestResource.issuerUrl("github"));
        claims.put("sub", sub);
        claims.put("jti", UUID.randomUUID().toString());
        return Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
    }

    static String unique() {
        return "repo:octo-org/octo-repo:environment:production:" + UUID.randomUUID();
    }

    /** What a cloud does with the assertion: verify it against the JWKS the broker publishes. */
    static JwtClaims verifiedByBrokerJwks(String assertion) throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        return JwksVerifier.verify(assertion, jwks, Instant.now());
    }

    static NetHttpTransport trustingLoopback() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(LoopbackTls.keystore())) {
            store.load(in, LoopbackTls.PASSWORD.toCharArray());
        }
        return new NetHttpTransport.Builder().trustCertificates(store).build();
    }

    static ExternalAccountCredentials externalAccount(Path tokenFile, String audience) throws Exception {
        String config = """
                {
                  "type": "external_account",
                  "audience": "%s",
                  "subject_token_type": "urn:ietf:params:oauth:token-type:jwt",
                  "token_url": "https://localhost:%d/v1/token",
                  "credential_source": {"file": "%s", "format": {"type": "text"}}
                }""".formatted(audience, GcpAzureFixtures.HTTPS_PORT, tokenFile);
        NetHttpTransport transport = trustingLoopback();
        return ExternalAccountCredentials.fromStream(new ByteArrayInputStream(config.getBytes(StandardCharsets.UTF_8)),
                () -> transport);
    }

    @Test
    void google_external_account_obtains_the_access_token_through_the_broker() throws Exception {
        String sub = unique();
        Path tokenFile = Files.createTempFile("gcp-token", "");
        Files.writeString(tokenFile, githubToken(sub)); // no trailing newline: the library does not trim

        ExternalAccountCredentials credentials = externalAccount(tokenFile, "gcp-deploy");
        com.google.auth.oauth2.AccessToken token = credentials.refreshAccessToken();

        assertThat(token.getTokenValue()).isEqualTo(GoogleStub.IMPERSONATED_TOKEN);
        assertThat(token.getExpirationTime().toInstant()).isAfter(Instant.now().plusSeconds(3000));
        var google = GcpAzureFixtures.google().server();
        List<LoggedRequest> sts = google.findAll(postRequestedFor(urlEqualTo("/v1/token")));
        assertThat(sts).hasSize(1);
        Map<String, String> exchange = form(sts.get(0));
        assertThat(exchange).containsEntry("audience", GcpAzureFixtures.GCP_PROVIDER)
                .containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token");
        JwtClaims assertion = verifiedByBrokerJwks(exchange.get("subject_token"));
        assertThat(assertion.getAudience()).containsExactly("https:" + GcpAzureFixtures.GCP_PROVIDER);
        assertThat(assertion.getSubject()).isEqualTo("role:gcp-deploy:github:" + sub);
        assertThat(assertion.getIssuer()).isEqualTo("http://127.0.0.1:8080");
        List<LoggedRequest> iam = google.findAll(postRequestedFor(urlMatching(
                "/v1/projects/-/serviceAccounts/" + GcpAzureFixtures.GCP_SERVICE_ACCOUNT + ":generateAccessToken")));
        assertThat(iam).hasSize(1);
        assertThat(iam.get(0).getHeader("Authorization")).isEqualTo("Bearer " + GoogleStub.FEDERATED_TOKEN);
        assertThat(iam.get(0).getBodyAsString()).contains("\"lifetime\":\"1800s\"");
    }

    @Test
    void a_google_client_gets_the_gcp_target_of_a_role_with_several() throws Exception {
        Path tokenFile = Files.createTempFile("gcp-token", "");
        Files.writeString(tokenFile, githubToken(unique()));

        com.google.auth.oauth2.AccessToken token = externalAccount(tokenFile, "gcp-and-internal").refreshAccessToken();

        // No service account: the federated token from STS is the final token.
        assertThat(token.getTokenValue()).isEqualTo(GoogleStub.FEDERATED_TOKEN);
        List<LoggedRequest> sts = GcpAzureFixtures.google().server().findAll(postRequestedFor(urlEqualTo("/v1/token")));
        assertThat(form(sts.get(0))).containsEntry("scope", "https://www.googleapis.com/auth/cloud-platform");
    }

    @Test
    void a_burst_from_one_workload_makes_one_google_exchange() throws Exception {
        var google = GcpAzureFixtures.google().server();
        GcpAzureFixtures.google().succeed();
        google.stubFor(post("/v1/token").atPriority(1).willReturn(okJson("""
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
                 "token_type":"Bearer","expires_in":3599}""".formatted(GoogleStub.FEDERATED_TOKEN)).withFixedDelay(400)));
        String sub = unique();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
        try {
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String token = githubToken(sub); // same workload, a fresh token (jti) each
                answers.add(pool.submit(() -> given().contentType(ContentType.URLENC)
                        .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                        .formParam("subject_token", token)
                        .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                        .formParam("audience", "gcp-deploy")
                        .post("/v1/token").then().statusCode(200).extract().<String>path("access_token")));
            }
            for (java.util.concurrent.Future<String> answer : answers) {
                assertThat(answer.get()).isEqualTo(GoogleStub.IMPERSONATED_TOKEN);
            }
        } finally {
            pool.shutdown();
        }
        google.verify(1, postRequestedFor(urlEqualTo("/v1/token")));
    }

    @Test
    void google_external_account_sees_a_google_refusal_as_an_oauth_error() throws Exception {
        GcpAzureFixtures.google().server().stubFor(post("/v1/token").atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"The audience in ID Token does not match.\"}")));
        Path tokenFile = Files.createTempFile("gcp-token", "");
        Files.writeString(tokenFile, githubToken(unique()));

        ExternalAccountCredentials credentials = externalAccount(tokenFile, "gcp-deploy");

        assertThatThrownBy(credentials::refreshAccessToken).hasMessageContaining("access_denied")
                .hasMessageContaining("invalid_grant").hasMessageNotContaining("does not match");
    }

    @Test
    void a_denied_exchange_reaches_the_google_client_as_an_oauth_error() throws Exception {
        Path tokenFile = Files.createTempFile("gcp-token", "");
        Files.writeString(tokenFile, githubToken(unique()));

        ExternalAccountCredentials credentials = externalAccount(tokenFile, "no-such-role");

        assertThatThrownBy(credentials::refreshAccessToken).hasMessageContaining("Error code");
        GcpAzureFixtures.google().server().verify(0, postRequestedFor(urlEqualTo("/v1/token")));
    }

    @Test
    void azure_token_mode_returns_the_entra_token_over_v1_token() throws Exception {
        GcpAzureFixtures.entra().stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK)));

        given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", githubToken(unique()))
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .formParam("audience", "azure-deploy")
                .post("/v1/token")
                .then().statusCode(200)
                .body("access_token", equalTo("eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra.token"))
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:access_token"))
                .body("token_type", equalTo("Bearer"))
                .body("scope", equalTo("https://management.azure.com/.default"));

        List<LoggedRequest> calls = GcpAzureFixtures.entra().findAll(postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
        assertThat(calls).hasSize(1);
        JwtClaims assertion = verifiedByBrokerJwks(form(calls.get(0)).get("client_assertion"));
        assertThat(assertion.getSubject()).isEqualTo("azure-deploy");
        assertThat(assertion.getAudience()).containsExactly("api://AzureADTokenExchange");
    }

    @Test
    void azure_refusal_is_upstream_denied_with_the_aadsts_code() {
        GcpAzureFixtures.entra().stubFor(post(EntraStub.TOKEN_PATH).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(EntraStub.error("invalid_client", "AADSTS700213",
                        "No matching federated identity record found for presented assertion subject 'azure-deploy'."))));

        String description = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", githubToken(unique()))
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .formParam("audience", "azure-deploy")
                .post("/v1/token")
                .then().statusCode(403)
                .body("error", equalTo("access_denied"))
                .body("reason", equalTo("upstream_denied"))
                .extract().path("error_description");
        assertThat(description).contains("AADSTS700213").doesNotContain("federated identity record");
    }

    @Test
    void azure_workload_identity_credential_redeems_the_assertion_the_broker_issued() throws Exception {
        GcpAzureFixtures.entra().stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK)));
        String assertion = given().contentType(ContentType.URLENC)
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .formParam("subject_token", githubToken(unique()))
                .formParam("subject_token_type", "urn:ietf:params:oauth:token-type:jwt")
                .formParam("audience", "azure-workload")
                .post("/v1/token")
                .then().statusCode(200)
                .body("issued_token_type", equalTo("urn:ietf:params:oauth:token-type:jwt"))
                .extract().path("access_token");
        Path tokenFile = Files.createTempFile("azure-identity-token", "");
        Files.writeString(tokenFile, assertion);

        // The pod's environment: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST.
        WorkloadIdentityCredential credential = new WorkloadIdentityCredentialBuilder()
                .tenantId(EntraStub.TENANT)
                .clientId(EntraStub.CLIENT)
                .tokenFilePath(tokenFile.toString())
                .authorityHost(EntraStub.authorityHost(GcpAzureFixtures.entra()))
                .disableInstanceDiscovery() // the stub is not a Microsoft host; never needed against Entra
                .httpClient(new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(LoopbackTls.sslContext()))
                        .build())
                .build();
        AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes("https://vault.azure.net/.default"));

        assertThat(token.getToken()).endsWith(".entra.token");
        List<LoggedRequest> calls = GcpAzureFixtures.entra().findAll(postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
        assertThat(calls).hasSize(1);
        Map<String, String> request = form(calls.get(0));
        assertThat(request).containsEntry("client_assertion", assertion).containsEntry("client_id", EntraStub.CLIENT);
        JwtClaims claims = verifiedByBrokerJwks(request.get("client_assertion"));
        assertThat(claims.getSubject()).isEqualTo("azure-workload");
        assertThat(claims.getAudience()).containsExactly("api://AzureADTokenExchange");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(900);
    }
}
