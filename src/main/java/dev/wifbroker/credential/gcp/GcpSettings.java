package dev.wifbroker.credential.gcp;

import dev.wifbroker.credential.UpstreamRetry;
import java.time.Duration;

/** The validated form of {@link GcpConfig}, constructible without Quarkus. */
public record GcpSettings(String stsUrl, String iamCredentialsUrl, Duration assertionLifetime, Duration connectTimeout,
        Duration readTimeout, UpstreamRetry.Policy retry) {

    public GcpSettings {
        while (iamCredentialsUrl.endsWith("/")) {
            iamCredentialsUrl = iamCredentialsUrl.substring(0, iamCredentialsUrl.length() - 1);
        }
        if (assertionLifetime.compareTo(Duration.ofMinutes(1)) < 0 || assertionLifetime.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("broker.gcp.assertion-lifetime must be between 1m and 1h");
        }
    }

    /** Google's production endpoints with the default timeouts and retries. */
    public static GcpSettings defaults() {
        return new GcpSettings("https://sts.googleapis.com/v1/token", "https://iamcredentials.googleapis.com",
                Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofSeconds(2),
                new UpstreamRetry.Policy(4, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(4)));
    }
}
