package dev.wifbroker.credential.azure;

import dev.wifbroker.credential.RetryConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Entra endpoints, the broker's assertion and upstream behaviour under {@code broker.azure.*}. */
@ConfigMapping(prefix = "broker.azure")
public interface AzureConfig {

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

    /** Lifetime of the assertion the broker redeems itself (token mode); assertion mode uses the role's duration. */
    @WithDefault("5m")
    Duration assertionLifetime();

    @WithDefault("1s")
    Duration connectTimeout();

    /** One request to Entra; an attempt also ends with the mint's deadline ({@code retry.max-total}). */
    @WithDefault("2s")
    Duration readTimeout();

    /**
     * A PKCS#12 trust store for the authority host's certificate, instead of the JVM's trusted CAs: for a
     * TLS-intercepting egress proxy, and for tests that stand in for Entra.
     */
    Optional<Path> trustStore();

    Optional<String> trustStorePassword();

    RetryConfig retry();

    default AzureSettings settings() {
        return new AzureSettings(authorityHost(), instanceDiscovery(), assertionAudience(), assertionLifetime(), connectTimeout(),
                readTimeout(), retry().policy());
    }
}
