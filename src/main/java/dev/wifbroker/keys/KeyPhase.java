package dev.wifbroker.keys;

/**
 * Where a key is in its life. A removed key is simply absent from the ring.
 */
public enum KeyPhase {
    /** In the JWKS but not yet signing, so relying parties' JWKS caches learn it before its first token. */
    PUBLISHED,
    /** The one key of its algorithm that signs new tokens. */
    ACTIVE,
    /** No longer signs; stays in the JWKS until every token it signed has expired. */
    RETIRED
}
