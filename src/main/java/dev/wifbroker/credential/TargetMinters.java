package dev.wifbroker.credential;

import io.quarkus.arc.All;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every registered kind's minter bean, found by the class its {@link CredentialKind} names: the exchange mints
 * any target through here and never names a kind. A kind without a minter bean stops the start.
 */
@Singleton
public class TargetMinters {
    private final Map<String, TargetMinter<?>> byKind = new LinkedHashMap<>();

    public TargetMinters(@All List<TargetMinter<?>> minters) {
        for (CredentialKind<?> kind : CredentialKinds.all()) {
            TargetMinter<?> minter = minters.stream().filter(kind.minter()::isInstance).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no minter bean for credential kind " + kind.name()));
            byKind.put(kind.name(), minter);
        }
    }

    /** Whether minting {@code target} may wait on the network, so it must not run on an I/O thread. */
    public boolean needsNetwork(CredentialTarget target) {
        return byKind.get(target.kind()).needsNetwork();
    }

    /** Mints {@code target} for {@code request} with its kind's minter. */
    public IssuedCredential mint(CredentialTarget target, Grant request) throws UpstreamException {
        return mint(CredentialKinds.of(target), target, request);
    }

    @SuppressWarnings("unchecked") // byKind holds, for each kind, the bean of the class the kind names
    private <T extends CredentialTarget> IssuedCredential mint(CredentialKind<T> kind, CredentialTarget target,
            Grant request) throws UpstreamException {
        return ((TargetMinter<T>) byKind.get(kind.name())).mint(kind.targetType().cast(target), request);
    }
}
