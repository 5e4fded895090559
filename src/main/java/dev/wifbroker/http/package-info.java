/**
 * Outbound HTTP with a whole-response bound: {@link dev.wifbroker.http.BoundedExchange} sends one request
 * with the JDK client and completes within a deadline that covers the body too, with the body capped in
 * bytes. Used by the JWKS fetcher and the Google transport. Depends on nothing of the broker.
 */
package dev.wifbroker.http;
