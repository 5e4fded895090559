package dev.wifbroker.identity.jwks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Meters of one issuer's key source: fetches by outcome, key count and key age. */
public final class JwksMetrics {
    private final MeterRegistry registry;
    private final String issuer;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter success;
    private final Counter failure;
    private final Counter rateLimited;

    public JwksMetrics(MeterRegistry registry, String issuer) {
        this.registry = registry;
        this.issuer = issuer;
        this.success = counter("success");
        this.failure = counter("failure");
        this.rateLimited = counter("rate_limited");
    }

    private Counter counter(String outcome) {
        Counter c = Counter.builder("broker.jwks.fetches")
                .description("JWKS fetches per issuer and outcome (rate_limited: an unknown kid did not cause a fetch)")
                .tag("issuer", issuer)
                .tag("outcome", outcome)
                .register(registry);
        meters.add(c);
        return c;
    }

    void bindGauges(Supplier<Number> keyCount, Supplier<Number> ageSeconds) {
        meters.add(Gauge.builder("broker.jwks.keys", keyCount).tag("issuer", issuer)
                .description("Usable verification keys cached for the issuer").register(registry));
        meters.add(Gauge.builder("broker.jwks.age.seconds", ageSeconds).tag("issuer", issuer)
                .description("Seconds since the issuer's keys were last fetched successfully").register(registry));
    }

    void fetched() {
        success.increment();
    }

    void failed() {
        failure.increment();
    }

    void rateLimited() {
        rateLimited.increment();
    }

    void close() {
        meters.forEach(registry::remove);
    }
}
