package dev.wifbroker.crypto;

/**
 * The provider in force: what was asked for, the provider doing the broker's signatures ({@code provider} is
 * {@code AmazonCorrettoCryptoProvider} or {@code jdk}) and, when {@code auto} fell back to the JDK, why.
 *
 * @param version the native provider's version; null on the JDK providers
 * @param fallbackReason why {@code auto} runs on the JDK providers; null otherwise
 */
public record CryptoSelection(CryptoConfig.Mode requested, String provider, String version, String fallbackReason) {
    public static final String JDK = "jdk";

    public boolean nativeInUse() {
        return !JDK.equals(provider);
    }

    /** {@code AmazonCorrettoCryptoProvider 2.5.0}, or {@code jdk}. */
    public String describe() {
        return version == null ? provider : provider + " " + version;
    }
}
