/**
 * Key sources for issuers: remote JWKS (discovery or fixed URI) with background refresh, rate-limited
 * refetch on unknown key ids and last-known-good keys through outages; pinned keys for private
 * clusters. Entry point: {@link dev.wifbroker.identity.jwks.KeySource}. No CDI here.
 */
package dev.wifbroker.identity.jwks;
