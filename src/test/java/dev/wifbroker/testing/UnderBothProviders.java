package dev.wifbroker.testing;

import java.security.Provider;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A suite that extends this runs whole twice: on the JDK providers alone and with the native provider first, as
 * the broker installs it. Each case puts its provider in force and puts back what it found, as the JVM's provider
 * list is shared by every test in the JVM.
 */
@ParameterizedClass(name = "provider {0}")
@EnumSource(TestProvider.class)
public abstract class UnderBothProviders {
    @Parameter
    protected TestProvider provider;
    private Optional<Provider> before;

    @BeforeEach
    void putProviderInForce() {
        before = provider.install();
    }

    @AfterEach
    void restoreProvider() {
        TestProvider.restore(before);
    }
}
