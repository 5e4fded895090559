package dev.wifbroker.identity.issuer;

/** Whether a token's {@code jti} may be exchanged more than once. */
public enum ReplayMode {
    /** A token may be presented again until it expires (CI jobs commonly reuse one token). */
    ALLOW,
    /** Each {@code jti} is accepted once; tokens without {@code jti} are refused. */
    REJECT
}
