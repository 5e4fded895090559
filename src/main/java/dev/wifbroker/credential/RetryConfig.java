package dev.wifbroker.credential;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Retry settings of one cloud's upstream calls ({@code broker.<cloud>.retry.*}). */
public interface RetryConfig {

    /** Attempts in all, the first included. */
    @WithDefault("4")
    int maxAttempts();

    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("2s")
    Duration maxBackoff();

    /** No attempt starts after the call has taken this long; keeps an exchange well under client timeouts. */
    @WithDefault("15s")
    Duration maxTotal();

    default UpstreamRetry.Policy policy() {
        return new UpstreamRetry.Policy(maxAttempts(), initialBackoff(), maxBackoff(), maxTotal());
    }
}
