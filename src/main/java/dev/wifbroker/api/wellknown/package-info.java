/**
 * The broker's issuer endpoints: {@code GET /.well-known/openid-configuration} and
 * {@code GET /.well-known/jwks.json}. Thin: it serves bytes the key ring precomputed and depends only on
 * {@code dev.wifbroker.keys}.
 */
package dev.wifbroker.api.wellknown;
