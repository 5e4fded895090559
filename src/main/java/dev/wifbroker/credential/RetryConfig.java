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

    /**
     * The deadline of one mint, every attempt and wait included: each attempt gets the time left. Below the
     * shortest SDK credential timeout that gives up for good (AWS SDK for Java v2: 5 s); the SDKs with
     * shorter timeouts (JavaScript v3: 1 s, botocore: 2 s) retry, and their retry finds the credential the
     * broker finished minting in the meantime in its cache.
     */
    @WithDefault("4s")
    Duration maxTotal();

    default UpstreamRetry.Policy policy() {
        return new UpstreamRetry.Policy(maxAttempts(), initialBackoff(), maxBackoff(), maxTotal());
    }
}
