package dev.wifbroker.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GCP and Azure part of {@link BrokerTestResource}: WireMock Google (http) and Entra (https), the
 * roles that use them, and the broker settings that point at them. The broker also serves https on
 * {@link #HTTPS_PORT} with the loopback certificate, because google-auth-library accepts only an https
 * {@code token_url}.
 */
public final class GcpAzureFixtures {
    /** Movable like the other test ports ({@code WIF_TEST_HTTPS_PORT}), so checkouts can run their suites side by side. */
    public static final int HTTPS_PORT = Integer.parseInt(System.getenv().getOrDefault("WIF_TEST_HTTPS_PORT", "8444"));
    public static final String GCP_SERVICE_ACCOUNT = "deployer@proj.iam.gserviceaccount.com";
    public static final String GCP_PROVIDER =
            "//iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci-pool/providers/broker";
    private static final String GITHUB_MAIN = """
            trust:
              - issuer: github
                claims:
                  repository_id: "892551"
                  repository_owner_id: "65"
                  ref: refs/heads/main
            """;
    private static GoogleStub google;
    private static WireMockServer entra;

    private GcpAzureFixtures() {}

    public static GoogleStub google() {
        return google;
    }

    public static WireMockServer entra() {
        return entra;
    }

    /** Starts the stubs, writes the roles into {@code roles}, and returns the broker settings. */
    public static Map<String, String> start(Path roles) throws IOException {
        google = new GoogleStub();
        google.succeed();
        entra = EntraStub.start();
        Files.writeString(roles.resolve("gcp-deploy.yaml"), "role: gcp-deploy\n" + GITHUB_MAIN + """
                credentials:
                  gcp:
                    workloadIdentityProvider: "%s"
                    serviceAccount: %s
                    scopes: [https://www.googleapis.com/auth/cloud-platform]
                    duration: 30m
                """.formatted(GCP_PROVIDER, GCP_SERVICE_ACCOUNT));
        Files.writeString(roles.resolve("gcp-and-internal.yaml"), "role: gcp-and-internal\n" + GITHUB_MAIN + """
                credentials:
                  internal: {audience: reports-api, scopes: [reports.read], duration: 5m}
                  gcp:
                    workloadIdentityProvider: "%s"
                    duration: 15m
                """.formatted(GCP_PROVIDER));
        Files.writeString(roles.resolve("azure-deploy.yaml"), "role: azure-deploy\n" + GITHUB_MAIN + """
                credentials:
                  azure:
                    tenantId: %s
                    clientId: %s
                    scope: https://management.azure.com/.default
                """.formatted(EntraStub.TENANT, EntraStub.CLIENT));
        Files.writeString(roles.resolve("azure-workload.yaml"), "role: azure-workload\n" + GITHUB_MAIN + """
                credentials:
                  azure:
                    tenantId: %s
                    clientId: %s
                    mode: assertion
                    duration: 15m
                """.formatted(EntraStub.TENANT, EntraStub.CLIENT));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("broker.gcp.sts-url", google.stsUrl());
        config.put("broker.gcp.iam-credentials-url", google.iamCredentialsUrl());
        config.put("broker.gcp.retry.initial-backoff", "10ms");
        config.put("broker.azure.authority-host", EntraStub.authorityHost(entra));
        config.put("broker.azure.instance-discovery", "false");
        config.put("broker.azure.trust-store", LoopbackTls.keystore().toString());
        config.put("broker.azure.trust-store-password", LoopbackTls.PASSWORD);
        config.put("broker.azure.retry.initial-backoff", "10ms");
        // A named TLS configuration for the main HTTP server only: the management interface stays plain http.
        config.put("quarkus.tls.loopback.key-store.p12.path", LoopbackTls.keystore().toString());
        config.put("quarkus.tls.loopback.key-store.p12.password", LoopbackTls.PASSWORD);
        config.put("quarkus.http.tls-configuration-name", "loopback");
        config.put("quarkus.http.test-ssl-port", String.valueOf(HTTPS_PORT));
        return config;
    }

    public static void stop() {
        if (google != null) {
            google.close();
        }
        if (entra != null) {
            entra.stop();
        }
    }
}
