package dev.wifbroker.crypto;

import java.security.Provider;
import java.security.Security;
import org.jboss.logging.Logger;

/**
 * Puts the chosen provider in force for the whole JVM. With the native provider it is inserted first in the JVM's
 * list ({@code Security.insertProviderAt(p, 1)}), so everything that asks the JCA by algorithm name (jose4j's key
 * parsing, {@code new SecureRandom()}, SHA-256, TLS) gets it for what it offers and the JDK providers for the rest
 * (e.g. PS256's key checks, Ed25519 key decoding); {@link Jca} hands it to the broker's own signers directly.
 */
public final class CryptoProviders {
    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

    private CryptoProviders() {}

    /**
     * Selects and installs the provider for {@code mode}, logging one line that names it (and, on a fallback, why).
     * Runs before any key is generated or any signature made or checked; idempotent.
     *
     * @throws IllegalStateException when {@code mode} is {@code native} and the native provider cannot be used
     */
    public static CryptoSelection install(CryptoConfig.Mode mode, NativeProvider source) {
        CryptoSelection selection = select(mode, source);
        if (selection.fallbackReason() != null) {
            LOG.warnf("crypto provider: jdk (broker.crypto.provider=auto; native provider unavailable: %s)",
                    selection.fallbackReason());
        } else {
            LOG.infof("crypto provider: %s (broker.crypto.provider=%s)", selection.describe(), name(mode));
        }
        return selection;
    }

    private static CryptoSelection select(CryptoConfig.Mode mode, NativeProvider source) {
        if (mode == CryptoConfig.Mode.JDK) {
            use(null);
            return new CryptoSelection(mode, CryptoSelection.JDK, null, null);
        }
        try {
            Provider p = source.load();
            use(p);
            return new CryptoSelection(mode, p.getName(), p.getVersionStr(), null);
        } catch (NativeProvider.Unavailable e) {
            if (mode == CryptoConfig.Mode.NATIVE) {
                throw new IllegalStateException("broker.crypto.provider=native, but the native crypto provider cannot be used: "
                        + e.getMessage() + " (set broker.crypto.provider=auto or jdk to run on the JDK providers)", e);
            }
            use(null);
            return new CryptoSelection(mode, CryptoSelection.JDK, null, e.getMessage());
        }
    }

    /**
     * Makes {@code nativeProvider} the JVM's first provider, or with null removes the one in force: the JDK providers
     * then do everything. Tests switch providers with it and put back what they found.
     */
    public static synchronized void use(Provider nativeProvider) {
        // By name, not by this class's own record: another class loader in the JVM (a restarted Quarkus test app)
        // may have installed its copy of the provider into the one JVM-wide list.
        Security.removeProvider(NativeProvider.NAME);
        Jca.nativeProvider().ifPresent(p -> Security.removeProvider(p.getName()));
        if (nativeProvider != null) {
            Security.removeProvider(nativeProvider.getName());
            if (Security.insertProviderAt(nativeProvider, 1) != 1) {
                throw new IllegalStateException("could not install " + nativeProvider.getName() + " as the first provider");
            }
        }
        Jca.prefer(nativeProvider);
    }

    private static String name(CryptoConfig.Mode mode) {
        return mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
