package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.UpstreamConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * {@code broker.aws.*}: how the broker reaches AWS STS. The STS endpoint and region otherwise follow the
 * AWS SDK's standard configuration ({@code AWS_ENDPOINT_URL_STS} / {@code aws.endpointUrlSts},
 * {@code AWS_REGION} / {@code aws.region}, the shared config file), so no key here is needed in production.
 * STS's {@code IDPCommunicationError} is retried like a 5xx.
 */
@ConfigMapping(prefix = "broker.aws")
public interface AwsConfig extends UpstreamConfig {

    /** The {@code aud} of the broker's assertions: a client ID of the IAM OIDC provider for the broker's issuer URL. */
    @WithDefault("sts.amazonaws.com")
    String audience();

    /**
     * STS endpoint override ({@code http(s)://host[:port][/path]}); beats {@code AWS_ENDPOINT_URL_STS}. For
     * tests and private endpoints (VPC interface endpoints, FIPS).
     */
    Optional<String> stsEndpoint();

    /** STS region; unset: {@code AWS_REGION}, {@code aws.region}, the shared config file, then us-east-1. Never IMDS. */
    Optional<String> region();
}
