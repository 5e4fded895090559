package dev.wifbroker.audit;

import dev.wifbroker.text.Sha256;

/** SHA-256 fingerprints: how tokens and credentials appear in logs and audit events, never in clear. */
public final class Fingerprint {
    private Fingerprint() {}

    public static String of(String secret) {
        if (secret == null) {
            return null;
        }
        return "sha256:" + Sha256.hex(secret);
    }
}
