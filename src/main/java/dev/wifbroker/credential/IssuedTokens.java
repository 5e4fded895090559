package dev.wifbroker.credential;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cloud access tokens this broker handed out, keyed by their SHA-256 and kept until they expire: what token
 * introspection (RFC 7662, {@code POST /v1/introspect}) answers for. gcloud names its account from it. Only the
 * digest is kept, never the token.
 */
public interface IssuedTokens {

    /**
     * @param username the identity the cloud knows the token by (a service account, a federated principal)
     * @param clientId the role that issued it
     */
    record Entry(String username, String clientId, List<String> scopes, Instant expiresAt) {
        public Entry {
            scopes = List.copyOf(scopes);
        }
    }

    /**
     * Remembers {@code token} until {@link Entry#expiresAt()}. Never throws: not remembering costs only the
     * introspection answer, so a store failure must not take back a token the cloud already issued.
     */
    void remember(String token, Entry entry);

    /** The entry of a token this broker issued and that has not expired. */
    Optional<Entry> lookup(String token);
}
