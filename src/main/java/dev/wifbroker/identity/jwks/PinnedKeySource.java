package dev.wifbroker.identity.jwks;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Keys pinned in configuration (inline or file), for private clusters whose issuer is unreachable. */
public final class PinnedKeySource implements KeySource {
    private final JwksSnapshot snapshot;

    public PinnedKeySource(JwksSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public Optional<JwksSnapshot> snapshot() {
        return Optional.of(snapshot);
    }

    @Override
    public CompletableFuture<RefreshOutcome> refreshForUnknownKey() {
        return CompletableFuture.completedFuture(new RefreshOutcome(Optional.of(snapshot), RefreshOutcome.Status.STATIC,
                "keys are pinned in configuration"));
    }
}
