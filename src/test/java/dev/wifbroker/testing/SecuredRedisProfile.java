package dev.wifbroker.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The clustered broker against {@link SecuredRedisResource}: credentials from files, as in deploy/kubernetes. */
public class SecuredRedisProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return new ClusteredProfile().getConfigOverrides();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SecuredRedisResource.class));
    }
}
