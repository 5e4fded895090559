package dev.wifbroker.credential.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.WorkloadIdentityCredential;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.testing.BrokerKeys;
import dev.wifbroker.testing.EntraStub;
import dev.wifbroker.testing.LoopbackTls;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assertion mode with the unmodified azure-identity client: {@link WorkloadIdentityCredential} reads the
 * broker-issued assertion from its federated token file (what {@code AZURE_FEDERATED_TOKEN_FILE} names)
 * and redeems it at (stubbed) Entra. Only the test disables instance discovery, because the stub is
 * not a Microsoft host; against real Entra the client needs no change at all.
 */
class AzureWorkloadIdentityClientTest {
    static WireMockServer entra;
    static BrokerKeys broker;

    @BeforeAll
    static void start() {
        entra = EntraStub.start();
        broker = new BrokerKeys();
    }

    @AfterAll
    static void stop() {
        entra.stop();
    }

    @Test
    void workload_identity_credential_redeems_the_broker_assertion_at_entra(@TempDir Path dir) throws Exception {
        entra.stubFor(post(EntraStub.TOKEN_PATH).willReturn(okJson(EntraStub.TOKEN_OK)));
        UpstreamRetry.Policy retry = new UpstreamRetry.Policy(1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1));
        AzureCredentialMinter minter = new AzureCredentialMinter(broker.assertions(), new AzureSettings(
                EntraStub.authorityHost(entra), false, "api://AzureADTokenExchange", Duration.ofMinutes(5), Duration.ofSeconds(2),
                Duration.ofSeconds(5), retry), new UpstreamRetry("azure", retry));
        AzureTarget target = new AzureTarget(EntraStub.TENANT, EntraStub.CLIENT, null, AzureTarget.Mode.ASSERTION,
                Duration.ofMinutes(10));
        IssuedCredential.Assertion assertion = minter.assertion(target, new Grant("payments-api",
                "cluster:system:serviceaccount:payments:api", "https://kubernetes.default.svc.cluster.local",
                "system:serviceaccount:payments:api", Map.of(), List.of(), null));
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), assertion.token());

        WorkloadIdentityCredential credential = new WorkloadIdentityCredentialBuilder()
                .tenantId(EntraStub.TENANT)
                .clientId(EntraStub.CLIENT)
                .tokenFilePath(tokenFile.toString())
                .authorityHost(EntraStub.authorityHost(entra))
                .disableInstanceDiscovery()
                .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(LoopbackTls.sslContext())).build())
                .build();
        AccessToken token = credential.getTokenSync(new TokenRequestContext().addScopes("https://storage.azure.com/.default"));

        assertThat(token.getToken()).endsWith(".entra.token");
        List<LoggedRequest> calls = entra.findAll(postRequestedFor(urlEqualTo(EntraStub.TOKEN_PATH)));
        assertThat(calls).hasSize(1);
        Map<String, String> form = EntraStub.form(calls.get(0));
        assertThat(form).containsEntry("client_id", EntraStub.CLIENT)
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                .containsEntry("client_assertion", assertion.token());
        JwtClaims seen = broker.verify(form.get("client_assertion"));
        assertThat(seen.getIssuer()).isEqualTo(BrokerKeys.ISSUER);
        assertThat(seen.getSubject()).isEqualTo("payments-api");
        assertThat(seen.getAudience()).containsExactly("api://AzureADTokenExchange");
        assertThat(seen.getExpirationTime().getValue() - seen.getIssuedAt().getValue()).isEqualTo(600);
    }
}
