package dev.wifbroker.exchange;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The clustered state store under {@code broker.redis.*} (used when {@code broker.state=redis}). */
@ConfigMapping(prefix = "broker.redis")
public interface StateConfig {

    /** Longest wait for any Redis call; past it the exchange fails closed (503). */
    @WithDefault("300ms")
    Duration timeout();

    /** Retry-After sent when Redis cannot answer. */
    @WithDefault("2s")
    Duration retryAfter();

    /** Revocation version poll, the fallback when a pub/sub message is lost. */
    @WithDefault("250ms")
    Duration revocationPoll();

    /** A revocation snapshot older than this refuses exchanges (it may miss a revocation made elsewhere). */
    @WithDefault("5s")
    Duration revocationMaxStaleness();

    /**
     * How long a replica minting a cloud credential for the cluster holds its lease; a holder that dies is taken
     * over after this. Above the mint deadline ({@code broker.<cloud>.retry.max-total}, 4 s).
     */
    @WithDefault("10s")
    Duration credentialLease();

    /** How often a replica waiting for another's cloud credential asks Redis again. */
    @WithDefault("50ms")
    Duration credentialPoll();

    /** How often a replica announces its credential-sealing public key and reads the others'. */
    @WithDefault("5s")
    Duration credentialRecipientRefresh();

    /** A file holding the Redis ACL user name (a Secret volume); needs {@link #passwordFile()}. */
    Optional<Path> usernameFile();

    /** A file holding the Redis password (of the ACL user, or of {@code default}); trailing line breaks are ignored. */
    Optional<Path> passwordFile();
}
