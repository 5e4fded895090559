package dev.wifbroker.identity.jwks;

import java.time.Duration;

/**
 * Tuning of remote key sources.
 *
 * @param refreshInterval how often keys are refetched in the background
 * @param minRefetchInterval the minimum spacing of fetches caused by unknown key ids
 * @param maxStaleness how long last-known-good keys keep verifying while the issuer is unreachable
 * @param connectTimeout TCP connect timeout
 * @param readTimeout one request, from sending it to the last byte of the body
 * @param fetchTimeout one refresh: discovery, redirects and the JWKS together
 * @param maxResponseBytes cap on discovery and JWKS documents
 */
public record JwksSettings(
        Duration refreshInterval,
        Duration minRefetchInterval,
        Duration maxStaleness,
        Duration connectTimeout,
        Duration readTimeout,
        Duration fetchTimeout,
        int maxResponseBytes) {

    public static JwksSettings defaults() {
        return new JwksSettings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(24),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(8), 256 * 1024);
    }
}
