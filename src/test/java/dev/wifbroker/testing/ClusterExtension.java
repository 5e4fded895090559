package dev.wifbroker.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One {@link BrokerCluster} per test class: started before the first test, closed (SIGTERM to every replica,
 * Redis killed) after the last, and every replica's log tail printed when a test fails. Declare it as
 * {@code @RegisterExtension static final ClusterExtension CLUSTER = new ClusterExtension(BrokerCluster.builder("name"))}.
 */
public final class ClusterExtension implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final BrokerCluster.Builder builder;
    private BrokerCluster cluster;

    public ClusterExtension(BrokerCluster.Builder builder) {
        this.builder = builder;
    }

    public BrokerCluster get() {
        if (cluster == null) {
            throw new IllegalStateException("the cluster starts before the first test of the class");
        }
        return cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        long start = System.nanoTime();
        cluster = builder.start();
        System.out.printf("%s: %d replicas ready %d ms after launch%n", context.getDisplayName(), cluster.replicas().size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (cluster != null) {
            System.out.println("FAILED " + context.getDisplayName() + "; replica logs:\n" + cluster.logTails(40));
        }
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        testFailed(context, cause);
    }
}
