package dev.wifbroker.credential;

import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.util.Optional;

/**
 * One kind of credential target ({@code credentials.<name>} in a role), and everything the broker knows
 * about it: how its policy block is parsed and bounded, which bean mints it, and how protocol adapters
 * select it. Each kind lives in its own folder ({@code credential/<name>/}) and is registered once, in
 * {@link CredentialKinds}.
 *
 * @param <T> the kind's target record
 */
public interface CredentialKind<T extends CredentialTarget> {

    /** The key under {@code credentials:}, the {@code target} request parameter and the audit's credential kind. */
    String name();

    /** The kind's target record. */
    Class<T> targetType();

    /**
     * Binds {@code credentials.<name>} into a target. Shape, syntax and the kind's upstream limits are reported to
     * {@code problems} (all at once); lifetimes above {@link CredentialTarget#maxDuration()} are left to the linter.
     */
    T parse(YamlObject block, Problems problems);

    /** The bean that mints this kind's targets; the exchange looks it up among the {@link TargetMinter} beans. */
    Class<? extends TargetMinter<T>> minter();

    /** Rendering hint: the RFC 8693 {@code requested_token_type} that asks for this kind, if it has one of its own. */
    default Optional<String> requestedTokenType() {
        return Optional.empty();
    }
}
