package dev.wifbroker.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One decision, allow or deny, as written to the {@code wif.audit} log category. Carries
 * fingerprints of the presented token and the issued credential, never the tokens themselves.
 *
 * @param stage where the exchange ended: parse, verify, decide, guard, mint, or done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        String type,
        Instant time,
        String decisionId,
        String outcome,
        String reason,
        String stage,
        String detail,
        String issuer,
        String subject,
        Map<String, Object> attributes,
        String role,
        Integer rule,
        String policyVersion,
        String credentialKind,
        String tokenFingerprint,
        String credentialFingerprint,
        Instant expiresAt,
        String clientAddress,
        long latencyMicros) {}
