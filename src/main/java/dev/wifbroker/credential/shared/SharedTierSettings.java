package dev.wifbroker.credential.shared;

import java.time.Duration;

/**
 * Timing of the shared credential tier.
 *
 * @param lease how long a holder may take to mint before others may take over; above the mint deadline
 *     ({@code broker.<cloud>.retry.max-total}, 4 s) so a live holder is never overtaken
 * @param poll how often a waiter asks again while another replica holds the lease
 * @param maxWait how long a waiter waits in all before the request fails with a retryable 503
 * @param refreshMargin an entry is stored, and served, only until the credential's expiry minus this
 * @param recipientRefresh how often a replica announces its public key and reads the others'
 * @param maxRecipients the most replicas an entry is sealed to
 */
public record SharedTierSettings(Duration lease, Duration poll, Duration maxWait, Duration refreshMargin,
        Duration recipientRefresh, int maxRecipients) {
    public static final int DEFAULT_MAX_RECIPIENTS = 64;

    public SharedTierSettings {
        if (lease.toMillis() < 1 || poll.toMillis() < 1 || maxWait.isNegative() || recipientRefresh.toMillis() < 1) {
            throw new IllegalArgumentException("shared credential tier: lease, poll and recipient refresh must be positive");
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("shared credential tier: at least one recipient (this replica)");
        }
    }
}
