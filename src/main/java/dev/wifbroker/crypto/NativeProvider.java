package dev.wifbroker.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Provider;

/** Loads the native provider, or says why it cannot be used. A seam so tests can simulate a platform without it. */
@FunctionalInterface
public interface NativeProvider {
    /** The JCA name of the native provider (ACCP). */
    String NAME = "AmazonCorrettoCryptoProvider";

    /**
     * The loaded, self-tested provider.
     *
     * @throws Unavailable with the reason, when its native library did not load or its self-test failed
     */
    Provider load() throws Unavailable;

    /** Why the native provider cannot be used; the message is one line for the log and health. */
    final class Unavailable extends Exception {
        public Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * The Amazon Corretto Crypto Provider. Its jar loads anywhere; its native library only on glibc Linux x86_64 or
     * aarch64 with the matching classifier, and {@code getLoadingError()} says why when it did not.
     */
    static Provider accp() throws Unavailable {
        AmazonCorrettoCryptoProvider p;
        try {
            p = AmazonCorrettoCryptoProvider.INSTANCE;
        } catch (LinkageError e) {
            throw new Unavailable("the ACCP classes cannot be loaded: " + oneLine(e), e);
        }
        Throwable error = p.getLoadingError();
        if (error != null) {
            throw new Unavailable("the ACCP native library did not load on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ": " + oneLine(error), error);
        }
        try {
            p.assertHealthy();
        } catch (RuntimeException e) {
            throw new Unavailable("the ACCP self-test failed: " + oneLine(e), e);
        }
        return p;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s+", " ");
    }
}
