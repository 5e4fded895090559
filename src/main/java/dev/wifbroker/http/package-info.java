/**
 * HTTP facts the tiers share. Outbound with a whole-response bound: {@link dev.wifbroker.http.BoundedExchange}
 * sends one request with the JDK client and completes within a deadline that covers the body too, with the
 * body capped in bytes (the JWKS fetcher and the Google transport). {@link dev.wifbroker.http.RetryAfter}
 * reads an upstream's {@code Retry-After} (the cloud minters) and writes the broker's own (every error
 * format of the API); {@link dev.wifbroker.http.Loopback} names the hosts plain {@code http://} may reach.
 * Depends on nothing of the broker.
 */
package dev.wifbroker.http;
