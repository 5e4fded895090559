package dev.wifbroker.testing;

import org.eclipse.microprofile.config.ConfigProvider;

/** The ports a {@code @QuarkusTest} broker listens on, as configured (they can be moved per checkout). */
public final class TestPorts {
    private TestPorts() {}

    public static int management() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
