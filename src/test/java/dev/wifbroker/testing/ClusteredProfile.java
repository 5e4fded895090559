package dev.wifbroker.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The broker in {@code broker.state=redis} against a real redis-server ({@link RedisStateResource}); shared
 * by every clustered {@code @QuarkusTest} so the suite starts this application once. Key refresh and join
 * delay are short so a test needs not wait the production 5 minutes for its own keys.
 */
public class ClusteredProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("broker.keys.cluster-refresh-interval", "200ms", "broker.keys.cluster-join-delay", "1s");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(RedisStateResource.class));
    }
}
