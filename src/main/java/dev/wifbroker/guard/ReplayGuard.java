package dev.wifbroker.guard;

import java.time.Instant;

/** Remembers presented token ids so a one-time token cannot be exchanged twice. */
public interface ReplayGuard {

    /** The outcome of presenting a token id. */
    enum Use {
        FIRST,
        REPLAY,
        /** The guard cannot remember more ids right now; the exchange must fail closed. */
        UNAVAILABLE
    }

    /**
     * Records {@code jti} of {@code issuer} until {@code expiresAt}; answers whether this is its first use.
     */
    Use use(String issuer, String jti, Instant expiresAt);
}
