package dev.wifbroker.identity;

/**
 * Verification would have to wait for the issuer's keys, and the caller said it must not wait: retry on a
 * thread that may. Not a refusal: nothing was decided, and the fetch it needs has been started.
 */
public final class KeysNotCached extends RuntimeException {
    KeysNotCached() {
        super("the issuer's keys must be fetched first", null, false, false);
    }
}
