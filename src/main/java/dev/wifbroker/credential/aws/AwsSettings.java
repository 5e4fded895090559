package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.UpstreamRetry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * The validated form of {@link AwsConfig}: every problem is reported at once, at start.
 *
 * @param stsEndpoint explicit endpoint; empty leaves the SDK's standard endpoint resolution in charge
 */
public record AwsSettings(String audience, Optional<URI> stsEndpoint, Region region, Duration assertionLifetime,
        Duration connectTimeout, Duration readTimeout, UpstreamRetry.Policy retry) {

    /** The region when nothing configures one; STS answers in every commercial region. */
    public static final Region FALLBACK_REGION = Region.US_EAST_1;

    public AwsSettings {
        List<String> errors = new ArrayList<>();
        if (audience == null || audience.isBlank()) {
            errors.add("broker.aws.audience must not be empty");
        }
        stsEndpoint.ifPresent(uri -> {
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                errors.add("broker.aws.sts-endpoint must be an http(s) URL: " + uri);
            }
        });
        if (assertionLifetime.compareTo(Duration.ofSeconds(30)) < 0 || assertionLifetime.compareTo(Duration.ofHours(1)) > 0) {
            errors.add("broker.aws.assertion-lifetime must be between 30s and 1h");
        }
        if (!positive(connectTimeout) || !positive(readTimeout)) {
            errors.add("broker.aws.connect-timeout and read-timeout must be positive");
        }
        if (retry.maxAttempts() > 10) {
            errors.add("broker.aws.retry.max-attempts must be at most 10");
        }
        if (!positive(retry.initialBackoff()) || retry.maxBackoff().compareTo(retry.initialBackoff()) < 0) {
            errors.add("broker.aws.retry.initial-backoff must be positive and at most max-backoff");
        }
        if (!positive(retry.maxTotal())) {
            errors.add("broker.aws.retry.max-total must be positive");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
    }

    public static AwsSettings from(AwsConfig config) {
        Optional<URI> endpoint;
        try {
            endpoint = config.stsEndpoint().filter(s -> !s.isBlank()).map(URI::create);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.aws.sts-endpoint is not a URL: " + config.stsEndpoint().orElse(""));
        }
        return new AwsSettings(config.audience(), endpoint, config.region().filter(r -> !r.isBlank()).map(Region::of)
                .orElseGet(AwsSettings::standardRegion), config.assertionLifetime(), config.connectTimeout(),
                config.readTimeout(), config.retry().policy());
    }

    /** Defaults as in {@link AwsConfig}, against {@code endpoint}: for tests and tools. */
    public static AwsSettings defaults(URI endpoint) {
        return new AwsSettings("sts.amazonaws.com", Optional.of(endpoint), FALLBACK_REGION, Duration.ofMinutes(5),
                Duration.ofSeconds(1), Duration.ofSeconds(2),
                new UpstreamRetry.Policy(4, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(4)));
    }

    public AwsSettings withRetry(int attempts, Duration initial, Duration max, Duration maxTotal) {
        return new AwsSettings(audience, stsEndpoint, region, assertionLifetime, connectTimeout, readTimeout,
                new UpstreamRetry.Policy(attempts, initial, max, maxTotal));
    }

    public AwsSettings withTimeouts(Duration connect, Duration read) {
        return new AwsSettings(audience, stsEndpoint, region, assertionLifetime, connect, read, retry);
    }

    public AwsSettings withStsEndpoint(Optional<URI> endpoint) {
        return new AwsSettings(audience, endpoint, region, assertionLifetime, connectTimeout, readTimeout, retry);
    }

    /**
     * The SDK's standard sources without its instance-metadata step: a broker off EC2 must not probe
     * 169.254.169.254 at start, and one on EC2 can say {@code AWS_REGION}.
     */
    private static Region standardRegion() {
        try {
            return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider()).getRegion();
        } catch (SdkClientException e) {
            return FALLBACK_REGION;
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }
}
