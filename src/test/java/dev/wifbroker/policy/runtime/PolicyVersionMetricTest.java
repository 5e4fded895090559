package dev.wifbroker.policy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class PolicyVersionMetricTest {

    @Test
    void aSwapReplacesTheVersionSeriesSoAReplicaNeverReportsTwo() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PolicyVersionMetric metric = new PolicyVersionMetric(meters);
        metric.show("sha256:aaa");
        metric.show("sha256:bbb");
        assertThat(meters.find(PolicyVersionMetric.NAME).gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("version")).isEqualTo("sha256:bbb"))
                .extracting(Gauge::value).isEqualTo(1.0);
    }
}
