/**
 * Guards between decision and minting: one-time {@code jti} ({@link dev.wifbroker.guard.ReplayGuard}),
 * token-bucket rate limits ({@link dev.wifbroker.guard.RateLimiter}) and
 * {@link dev.wifbroker.guard.Revocations}. In-memory implementations behind small interfaces a
 * clustered store implements ({@code guard.redis}). Depends on nothing else in the broker.
 */
package dev.wifbroker.guard;
