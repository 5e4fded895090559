package dev.wifbroker.credential;

import dev.wifbroker.reason.Reason;
import java.time.Duration;
import java.util.Optional;

/**
 * A cloud refused or could not be reached. {@link #upstreamCode()} is the provider's own error code
 * (e.g. {@code AccessDenied}, {@code invalid_grant}, {@code AADSTS700211}), safe to show the caller;
 * the provider's response body is never carried.
 */
public final class UpstreamException extends Exception {
    private final Reason reason;
    private final String upstreamCode;
    private final Duration retryAfter;

    private UpstreamException(Reason reason, String upstreamCode, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.reason = reason;
        this.upstreamCode = upstreamCode;
        this.retryAfter = retryAfter;
    }

    /** The provider refused (403 {@code upstream_denied}). */
    public static UpstreamException denied(String cloud, String upstreamCode) {
        return new UpstreamException(Reason.UPSTREAM_DENIED, upstreamCode, cloud + " refused: " + upstreamCode, null);
    }

    /** The provider is down, throttling or timing out (503 {@code upstream_unavailable}). */
    public static UpstreamException unavailable(String cloud, String what, Duration retryAfter) {
        return new UpstreamException(Reason.UPSTREAM_UNAVAILABLE, what, cloud + " unavailable: " + what, retryAfter);
    }

    public Reason reason() {
        return reason;
    }

    public String upstreamCode() {
        return upstreamCode;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
