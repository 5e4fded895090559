package dev.wifbroker.policy.lint;

import java.time.Duration;
import java.util.Objects;

/**
 * Facts about the broker that runs a policy, which some lints need: a policy must fit the broker, not only the
 * credential target. The running broker passes its configuration; {@code policy lint} its defaults or flags.
 *
 * @param maxTokenLifetime {@code broker.keys.max-token-lifetime}: the key ring refuses to sign a token that lives
 *     longer, so an internal token or an Azure assertion whose {@code duration} exceeds it could never be issued
 */
public record LintSettings(Duration maxTokenLifetime) {
    /** The broker's defaults (application.properties: {@code broker.keys.max-token-lifetime=1h}). */
    public static final LintSettings DEFAULTS = new LintSettings(Duration.ofHours(1));

    public LintSettings {
        Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
        if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
            throw new IllegalArgumentException("max token lifetime must be positive");
        }
    }
}
