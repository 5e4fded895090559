package dev.wifbroker.crypto;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import java.util.Optional;

/**
 * Where the broker's own code gets its {@code Signature} and {@code KeyPairGenerator}: from the native provider
 * when it is in force and offers the algorithm (asked by {@code Provider} object, so no search of the JVM's
 * provider list), else from the JDK providers. This mirrors the JVM-wide provider list that
 * {@link CryptoProviders#use} changes: the JCA's state is global by design, so this is too.
 */
public final class Jca {
    /** Replaced, never mutated, so caches can tell by identity that the provider changed. */
    private static volatile State state = new State(null);

    private Jca() {}

    /** The provider choice in force; a new object after every change. */
    public static State state() {
        return state;
    }

    public static Optional<Provider> nativeProvider() {
        return Optional.ofNullable(state.nativeProvider());
    }

    public static Signature signature(String algorithm) throws NoSuchAlgorithmException {
        Provider p = state.nativeProvider();
        return p != null && p.getService("Signature", algorithm) != null
                ? Signature.getInstance(algorithm, p) : Signature.getInstance(algorithm);
    }

    public static KeyPairGenerator keyPairGenerator(String algorithm) throws NoSuchAlgorithmException {
        Provider p = state.nativeProvider();
        return p != null && p.getService("KeyPairGenerator", algorithm) != null
                ? KeyPairGenerator.getInstance(algorithm, p) : KeyPairGenerator.getInstance(algorithm);
    }

    static void prefer(Provider nativeProvider) {
        state = new State(nativeProvider);
    }

    /** @param nativeProvider null on the JDK providers */
    public record State(Provider nativeProvider) {}
}
