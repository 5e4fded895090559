package dev.wifbroker.exchange;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One protocol-neutral exchange: every adapter (RFC 8693, AWS container credentials, STS facade)
 * parses its wire format into this.
 *
 * @param subjectToken the workload's token, exactly as presented
 * @param role the role requested
 * @param scopes requested scopes; empty means the role's own
 * @param lifetime requested lifetime; empty means the role's own
 * @param target which credential target of the role, when the role has several; empty = the only one
 * @param clientAddress for audit
 */
public record ExchangeRequest(String subjectToken, String role, Optional<Set<String>> scopes, Optional<Duration> lifetime,
        Optional<String> target, String clientAddress) {

    public ExchangeRequest {
        scopes = scopes.map(Set::copyOf);
    }
}
