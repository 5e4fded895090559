package dev.wifbroker.credential;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What every cloud's upstream calls share, under {@code broker.<cloud>.*}. */
public interface UpstreamConfig {

    /** Lifetime of the assertion the broker presents upstream: it only has to outlive the call. */
    @WithDefault("5m")
    Duration assertionLifetime();

    @WithDefault("1s")
    Duration connectTimeout();

    /** One request, body included; an attempt also ends with the mint's deadline ({@code retry.max-total}). */
    @WithDefault("2s")
    Duration readTimeout();

    /**
     * Retries of throttling, 5xx and network errors, never of refusals:
     * {@code broker.<cloud>.retry.max-attempts|initial-backoff|max-backoff|max-total}.
     */
    RetryConfig retry();
}
