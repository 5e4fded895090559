package dev.wifbroker.credential.aws;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;

/**
 * Builds the one {@link StsClient} the broker uses. Anonymous: {@code AssumeRoleWithWebIdentity} is an
 * unsigned call and the broker holds no AWS credentials. The SDK's own retries are off because
 * {@link StsUpstream} retries within {@code broker.aws.retry.*}; timeouts come from {@link AwsSettings}.
 */
final class StsClients {
    private StsClients() {}

    static StsClient build(AwsSettings settings) {
        StsClientBuilder builder = StsClient.builder()
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .region(settings.region())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.connectTimeout())
                        .socketTimeout(settings.readTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(settings.connectTimeout().plus(settings.readTimeout()))
                        .build());
        // Without an explicit endpoint the SDK resolves AWS_ENDPOINT_URL_STS / aws.endpointUrlSts, then the region's.
        settings.stsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
