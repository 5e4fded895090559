package dev.wifbroker.health;

import dev.wifbroker.crypto.CryptoSelection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Names the crypto provider in force ({@code provider}: {@code AmazonCorrettoCryptoProvider 2.5.0} or {@code jdk})
 * and, when {@code auto} fell back to the JDK providers, {@code fallbackReason}. Always up: both are working
 * states, and {@code native} refuses to start rather than fall back.
 */
@Liveness
@ApplicationScoped
public class CryptoProviderCheck implements HealthCheck {
    private final CryptoSelection selection;

    public CryptoProviderCheck(CryptoSelection selection) {
        this.selection = selection;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("crypto").up()
                .withData("provider", selection.describe())
                .withData("native", selection.nativeInUse())
                .withData("requested", selection.requested().name().toLowerCase(java.util.Locale.ROOT));
        if (selection.fallbackReason() != null) {
            b.withData("fallbackReason", selection.fallbackReason());
        }
        return b.build();
    }
}
