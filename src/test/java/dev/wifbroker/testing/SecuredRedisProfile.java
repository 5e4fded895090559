package dev.wifbroker.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The clustered broker against {@link SecuredRedisResource}: credentials from files, as in deploy/kubernetes. */
public class SecuredRedisProfile implements QuarkusTestProfile {
    /** A generous store timeout: the test is about credentials and TLS, and a loaded CI machine must not turn its 200s into 503s. */
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new ClusteredProfile().getConfigOverrides());
        overrides.put("broker.redis.timeout", "3s");
        return overrides;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SecuredRedisResource.class));
    }
}
