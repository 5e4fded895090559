package dev.wifbroker.testing;

import static org.assertj.core.api.Assertions.fail;

import dev.wifbroker.crypto.CryptoProviders;
import dev.wifbroker.crypto.Jca;
import dev.wifbroker.crypto.NativeProvider;
import java.security.Provider;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The two providers a signature suite runs under ({@code @ParameterizedClass @EnumSource(TestProvider.class)}):
 * the JDK's alone, and the native one first in the JVM's list, as the broker installs it. The JVM's provider list is
 * global, so a test puts this one in force before each case and back what it found after ({@link #restore}).
 */
public enum TestProvider {
    JDK,
    NATIVE;

    /** Puts this provider in force; returns the native provider that was in force before (empty: none), for {@link #restore}. */
    public Optional<Provider> install() {
        Optional<Provider> before = Jca.nativeProvider();
        CryptoProviders.use(this == JDK ? null : nativeProvider());
        return before;
    }

    public static void restore(Optional<Provider> before) {
        CryptoProviders.use(before.orElse(null));
    }

    /**
     * The native provider. Where the build ships its library (glibc Linux x86_64 and aarch64) failing to load it fails
     * the test; elsewhere the native half of a suite is skipped, as the broker there runs on the JDK.
     */
    public static Provider nativeProvider() {
        try {
            return NativeProvider.accp();
        } catch (NativeProvider.Unavailable e) {
            String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch");
            if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"))) {
                return fail("the native provider must load on " + os + " " + arch + ": " + e.getMessage(), e);
            }
            Assumptions.abort("no native provider on " + os + " " + arch + ": " + e.getMessage());
            return null;
        }
    }
}
