package dev.wifbroker.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One decision, allow or deny, as written to the {@code wif.audit} log category. Carries
 * fingerprints of the presented token and the issued credential, never the tokens themselves.
 *
 * @param type {@code exchange} (one per exchange) or {@code admin} (one per operator API call)
 * @param stage where the exchange ended: parse, verify, decide, guard, mint, or done
 * @param endpoint an admin call's method and path ({@code GET /admin/v1/policy})
 * @param status an admin call's HTTP status
 * @param operator an admin call's operator: subject, role, source issuer (absent when no admin token verified)
 * @param evaluation a denial's policy evaluation (a type of the exchange, which audit does not know): kept in
 *                   memory for {@code GET /admin/v1/decisions}, never written to the log
 * @param shadow what the role's shadow (report-only) rules decided, beside the enforced decision; absent for a role
 *     without shadow rules or an exchange that ended before the policy decision
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
        long latencyMicros,
        String endpoint,
        Integer status,
        Map<String, Object> operator,
        @JsonIgnore Object evaluation,
        Shadow shadow) {

    /**
     * The shadow rules' verdict for this exchange's identity, never enforced.
     *
     * @param outcome {@code allow} or {@code deny}
     * @param agreement {@code agree} when the enforced policy decision has the same outcome, else {@code disagree}
     * @param rule the candidate's deciding rule: the trust rule that allowed, the deny rule that matched, or the
     *     closest trust rule of a {@code no_matching_rule} denial ({@code shadow.trust[0]} for the shadow's own rules,
     *     {@code trust[0]} for one it takes from the role)
     * @param reason for a denial, {@code no_matching_rule} or {@code denied_by_rule}
     * @param claim for a denial, the first failing claim
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Shadow(String outcome, String agreement, String rule, String reason, String claim) {}

    /** An event of {@code type} at {@code time}, filled in by name. */
    public static Builder builder(String type, Instant time) {
        return new Builder().type(type).time(time);
    }

    /** Names every field, so an event is never built from 24 arguments in a row. */
    public static final class Builder {
        private String type;
        private Instant time;
        private String decisionId;
        private String outcome;
        private String reason;
        private String stage;
        private String detail;
        private String issuer;
        private String subject;
        private Map<String, Object> attributes;
        private String role;
        private Integer rule;
        private String policyVersion;
        private String credentialKind;
        private String tokenFingerprint;
        private String credentialFingerprint;
        private Instant expiresAt;
        private String clientAddress;
        private long latencyMicros;
        private String endpoint;
        private Integer status;
        private Map<String, Object> operator;
        private Object evaluation;
        private Shadow shadow;

        private Builder() {}

        public Builder endpoint(String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder status(Integer status) {
            this.status = status;
            return this;
        }

        public Builder operator(Map<String, Object> operator) {
            this.operator = operator;
            return this;
        }

        public Builder evaluation(Object evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder time(Instant time) {
            this.time = time;
            return this;
        }

        public Builder decisionId(String decisionId) {
            this.decisionId = decisionId;
            return this;
        }

        public Builder outcome(String outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder stage(String stage) {
            this.stage = stage;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        public Builder attributes(Map<String, Object> attributes) {
            this.attributes = attributes;
            return this;
        }

        public Builder role(String role) {
            this.role = role;
            return this;
        }

        public Builder rule(Integer rule) {
            this.rule = rule;
            return this;
        }

        public Builder policyVersion(String policyVersion) {
            this.policyVersion = policyVersion;
            return this;
        }

        public Builder credentialKind(String credentialKind) {
            this.credentialKind = credentialKind;
            return this;
        }

        public Builder tokenFingerprint(String tokenFingerprint) {
            this.tokenFingerprint = tokenFingerprint;
            return this;
        }

        public Builder credentialFingerprint(String credentialFingerprint) {
            this.credentialFingerprint = credentialFingerprint;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder clientAddress(String clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        public Builder latencyMicros(long latencyMicros) {
            this.latencyMicros = latencyMicros;
            return this;
        }

        public Builder shadow(Shadow shadow) {
            this.shadow = shadow;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(type, time, decisionId, outcome, reason, stage, detail, issuer, subject, attributes, role, rule, policyVersion, credentialKind, tokenFingerprint, credentialFingerprint, expiresAt, clientAddress, latencyMicros,
                    endpoint, status, operator, evaluation, shadow);
        }
    }
}
