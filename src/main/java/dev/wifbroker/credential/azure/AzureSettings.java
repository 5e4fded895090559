package dev.wifbroker.credential.azure;

import dev.wifbroker.credential.UpstreamRetry;
import java.time.Duration;

/** The validated form of {@link AzureConfig}, constructible without Quarkus. */
public record AzureSettings(String authorityHost, boolean instanceDiscovery, String assertionAudience,
        Duration assertionLifetime, Duration connectTimeout, Duration readTimeout, UpstreamRetry.Policy retry) {

    public AzureSettings {
        while (authorityHost.endsWith("/")) {
            authorityHost = authorityHost.substring(0, authorityHost.length() - 1);
        }
        if (!authorityHost.startsWith("https://")) {
            // MSAL refuses anything else; say so at startup rather than at the first exchange.
            throw new IllegalArgumentException("broker.azure.authority-host must be an https URL: " + authorityHost);
        }
        if (assertionLifetime.compareTo(Duration.ofMinutes(1)) < 0 || assertionLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("broker.azure.assertion-lifetime must be between 1m and 1h");
        }
    }
}
