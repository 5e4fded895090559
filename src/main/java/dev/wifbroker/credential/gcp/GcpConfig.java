package dev.wifbroker.credential.gcp;

import dev.wifbroker.credential.UpstreamConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Google endpoints and upstream behaviour under {@code broker.gcp.*}. */
@ConfigMapping(prefix = "broker.gcp")
public interface GcpConfig extends UpstreamConfig {

    /** Google STS token endpoint (RFC 8693). */
    @WithDefault("https://sts.googleapis.com/v1/token")
    String stsUrl();

    /** IAM Credentials API base; {@code /v1/projects/-/serviceAccounts/SA:generateAccessToken} is appended. */
    @WithDefault("https://iamcredentials.googleapis.com")
    String iamCredentialsUrl();

    default GcpSettings settings() {
        return new GcpSettings(stsUrl(), iamCredentialsUrl(), assertionLifetime(), connectTimeout(), readTimeout(),
                retry().policy());
    }
}
