package dev.wifbroker.keys;

/**
 * A JWT the broker signed.
 *
 * @param compact the compact serialization ({@code header.payload.signature}); a credential, never to be logged
 * @param kid the key that signed it, for audit events and incident response
 * @param algorithm the algorithm it was signed with
 */
public record SignedJwt(String compact, String kid, SigningAlgorithm algorithm) {

    /** Without the token itself, so a stray log line cannot leak a credential. */
    @Override
    public String toString() {
        return "SignedJwt[kid=" + kid + ", alg=" + algorithm.jwsName() + "]";
    }
}
