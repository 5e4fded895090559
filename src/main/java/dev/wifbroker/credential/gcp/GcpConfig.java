package dev.wifbroker.credential.gcp;

import dev.wifbroker.credential.RetryConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Google endpoints and upstream behaviour under {@code broker.gcp.*}. */
@ConfigMapping(prefix = "broker.gcp")
public interface GcpConfig {

    /** Google STS token endpoint (RFC 8693). */
    @WithDefault("https://sts.googleapis.com/v1/token")
    String stsUrl();

    /** IAM Credentials API base; {@code /v1/projects/-/serviceAccounts/SA:generateAccessToken} is appended. */
    @WithDefault("https://iamcredentials.googleapis.com")
    String iamCredentialsUrl();

    /** Lifetime of the assertion the broker presents to Google STS; it is used once, at once. */
    @WithDefault("5m")
    Duration assertionLifetime();

    @WithDefault("1s")
    Duration connectTimeout();

    /** One request (STS, generateAccessToken), body included; never past the mint's deadline ({@code retry.max-total}). */
    @WithDefault("2s")
    Duration readTimeout();

    RetryConfig retry();

    default GcpSettings settings() {
        return new GcpSettings(stsUrl(), iamCredentialsUrl(), assertionLifetime(), connectTimeout(), readTimeout(),
                retry().policy());
    }
}
