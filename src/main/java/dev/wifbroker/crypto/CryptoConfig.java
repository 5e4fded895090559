package dev.wifbroker.crypto;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code broker.crypto.*}: the cryptographic provider ({@code BROKER_CRYPTO_PROVIDER}). */
@ConfigMapping(prefix = "broker.crypto")
public interface CryptoConfig {

    /**
     * {@code auto}: the native provider when it loads and passes its self-test, else the JDK providers (one log line
     * says why); {@code native}: the native provider or no start; {@code jdk}: the JDK providers only.
     */
    @WithDefault("auto")
    Mode provider();

    enum Mode {
        AUTO,
        NATIVE,
        JDK
    }
}
