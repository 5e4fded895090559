package dev.wifbroker.credential.azure;

import dev.wifbroker.credential.UpstreamConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Entra endpoints, the broker's assertion and upstream behaviour under {@code broker.azure.*}. The assertion
 * lifetime is that of the assertion the broker redeems itself (token mode); assertion mode uses the role's duration.
 */
@ConfigMapping(prefix = "broker.azure")
public interface AzureConfig extends UpstreamConfig {

    /** Entra authority host; the token endpoint is {@code HOST/TENANT/oauth2/v2.0/token}. Sovereign clouds have their own. */
    @WithDefault("https://login.microsoftonline.com")
    String authorityHost();

    /**
     * MSAL's instance discovery (a call to login.microsoftonline.com that validates the authority host).
     * Keep it on in production; tests that stand in for Entra switch it off.
     */
    @WithDefault("true")
    boolean instanceDiscovery();

    /** The {@code aud} of the broker's assertions: the federated credential's audience. Sovereign clouds: {@code api://AzureADTokenExchangeUSGov}, ... */
    @WithDefault("api://AzureADTokenExchange")
    String assertionAudience();

    /**
     * A PKCS#12 trust store for the authority host's certificate, instead of the JVM's trusted CAs: for a
     * TLS-intercepting egress proxy, and for tests that stand in for Entra.
     */
    Optional<Path> trustStore();

    Optional<String> trustStorePassword();

    default AzureSettings settings() {
        return new AzureSettings(authorityHost(), instanceDiscovery(), assertionAudience(), assertionLifetime(), connectTimeout(),
                readTimeout(), retry().policy());
    }
}
