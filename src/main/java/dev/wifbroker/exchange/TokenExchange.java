package dev.wifbroker.exchange;

import dev.wifbroker.audit.AuditEvent;
import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.MissingClaimException;
import dev.wifbroker.credential.TargetMinters;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.guard.AdmissionGuard;
import dev.wifbroker.guard.RateLimiter;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.identity.KeysNotCached;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.VerifiedToken;
import dev.wifbroker.identity.issuer.ReplayMode;
import dev.wifbroker.policy.LiveDecision;
import dev.wifbroker.policy.PolicyDecision;
import dev.wifbroker.policy.runtime.PolicyRuntime;
import dev.wifbroker.reason.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The use case: verify → decide → guard → mint → audit. Each stage belongs to its package; this
 * class only sequences them, turns a refusal into one {@link ExchangeFailure} with a client-safe
 * description, and writes exactly one audit event per call.
 */
@ApplicationScoped
public class TokenExchange {
    private final TokenVerifier verifier;
    private final PolicyRuntime policies;
    private final AdmissionGuard admission;
    private final Revocations revocations;
    private final TargetMinters minters;
    private final CredentialCache cache;
    private final AuditLog audit;
    private final ShadowOutcomes shadows;
    private final ExchangeConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenExchange(TokenVerifier verifier, PolicyRuntime policies, AdmissionGuard admission,
            Revocations revocations, TargetMinters minters, CredentialCache cache,
            AuditLog audit, ShadowOutcomes shadows, ExchangeConfig config, Clock clock) {
        this.verifier = verifier;
        this.policies = policies;
        this.admission = admission;
        this.revocations = revocations;
        this.minters = minters;
        this.cache = cache;
        this.audit = audit;
        this.shadows = shadows;
        this.config = config;
        this.clock = clock;
    }

    /** The exchange on a thread that may block: a key fetch, the shared state store or a cloud may be waited for. */
    public ExchangeResult exchange(ExchangeRequest request) throws ExchangeFailure {
        return run(request, true);
    }

    /**
     * The exchange on a thread that must not block (an I/O thread). It runs when every stage can answer from this
     * process: the memory guard, a target the broker signs itself, the issuer's keys already cached. Otherwise it
     * returns empty, having consumed, decided and audited nothing, and the caller runs {@link #exchange} on a worker.
     */
    public Optional<ExchangeResult> exchangeWithoutWaiting(ExchangeRequest request) throws ExchangeFailure {
        if (!admission.local() || !mintsLocally(request.role())) {
            return Optional.empty();
        }
        try {
            return Optional.of(run(request, false));
        } catch (KeysNotCached | MustWait e) {
            return Optional.empty();
        }
    }

    /**
     * A random (version 4) UUID from this exchange's generator: {@code UUID.randomUUID()}'s shared one may have been
     * made before the crypto provider was chosen, and serializes every caller on one lock.
     */
    private String decisionId() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(b);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }

    /** An unknown role mints nothing, so it is refused without waiting either. */
    private boolean mintsLocally(String role) {
        return policies.engine().role(role)
                .map(r -> r.credentials().all().stream().noneMatch(this::waitsToMint)).orElse(true);
    }

    /** A cloud call, or the credential cache (which waits for another request's call in flight). */
    private boolean waitsToMint(CredentialTarget target) {
        return minters.needsNetwork(target) || target.cached();
    }

    private ExchangeResult run(ExchangeRequest request, boolean mayWait) throws ExchangeFailure {
        Attempt attempt = new Attempt(decisionId(), request, System.nanoTime());
        try {
            VerifiedToken token = verify(attempt, mayWait);
            PolicyDecision.Allowed allowed = decide(attempt, token);
            CredentialTarget target = selectTarget(attempt, allowed);
            if (!mayWait && waitsToMint(target)) {
                // The role changed since mintsLocally looked: nothing is consumed yet, so the worker starts over.
                throw new MustWait();
            }
            guard(attempt, token, allowed);
            IssuedCredential credential;
            try {
                credential = mint(attempt, token, allowed, target);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // The key ring refused to sign (an algorithm it does not enable, a lifetime beyond its limit): the
                // broker's fault, so an audited 503 rather than a 500 without an event.
                throw new Refusal(Reason.UPSTREAM_UNAVAILABLE, "credential could not be signed: " + e.getMessage(),
                        "the broker cannot issue this credential right now", Duration.ofSeconds(30));
            }
            attempt.stage = "done";
            audit.record(attempt.event("allow", null, attempt.grantNote, credential));
            return new ExchangeResult(attempt.decisionId, allowed.role().name(), credential);
        } catch (Refusal r) {
            audit.record(attempt.event("deny", r.reason, r.detail, null));
            throw new ExchangeFailure(r.reason, attempt.decisionId, r.description, r.retryAfter);
        }
    }

    private VerifiedToken verify(Attempt attempt, boolean mayWait) {
        attempt.stage = "verify";
        try {
            VerifiedToken token = verifier.verify(attempt.request.subjectToken(), mayWait);
            attempt.token = token;
            return token;
        } catch (VerificationException e) {
            throw new Refusal(e.reason(), e.getMessage(), FailureMessages.verification(e.reason()), e.retryAfter().orElse(null));
        }
    }

    private PolicyDecision.Allowed decide(Attempt attempt, VerifiedToken token) {
        attempt.stage = "decide";
        LiveDecision live = policies.engine().decideLive(token.identity(), attempt.request.role());
        PolicyDecision decision = live.enforced();
        attempt.policyVersion = decision.trace().policyVersion();
        // Report-only: recorded with this exchange's audit event, whatever happens next; never decides.
        attempt.live = live;
        if (decision instanceof PolicyDecision.Allowed allowed) {
            attempt.rule = allowed.ruleIndex();
            return allowed;
        }
        PolicyDecision.Denied denied = (PolicyDecision.Denied) decision;
        attempt.denial = new PolicyDenial(token.identity(), denied);
        Optional<String> claim = denied.failingClaim();
        String detail = denied.reason().code() + claim.map(c -> " (first failing claim: " + c + ")").orElse("");
        throw new Refusal(denied.reason(), detail, FailureMessages.denial(denied.reason(), attempt.request.role(), claim), null);
    }

    private CredentialTarget selectTarget(Attempt attempt, PolicyDecision.Allowed allowed) {
        List<CredentialTarget> targets = allowed.role().credentials().all();
        Optional<String> wanted = attempt.request.target();
        CredentialTarget chosen;
        if (wanted.isPresent()) {
            chosen = targets.stream().filter(t -> t.kind().equals(wanted.get())).findFirst().orElseThrow(() -> new Refusal(
                    Reason.INVALID_REQUEST, "role has no " + wanted.get() + " target", "role '" + allowed.role().name()
                            + "' has no '" + wanted.get() + "' credential target (it has " + kinds(targets) + ")", null));
        } else if (targets.size() == 1) {
            chosen = targets.get(0);
        } else {
            throw new Refusal(Reason.INVALID_REQUEST, "several targets, none selected", "role '" + allowed.role().name()
                    + "' has several credential targets (" + kinds(targets) + "): select one with the target parameter", null);
        }
        attempt.credentialKind = chosen.kind();
        return chosen;
    }

    private void guard(Attempt attempt, VerifiedToken token, PolicyDecision.Allowed allowed) {
        attempt.stage = "guard";
        try {
            admit(token, allowed.role().name());
        } catch (StoreUnavailableException e) {
            throw new Refusal(Reason.UPSTREAM_UNAVAILABLE, "state store: " + e.getMessage(),
                    "the broker's shared state store is unavailable; retry shortly", e.retryAfter());
        }
    }

    private void admit(VerifiedToken token, String role) {
        String subjectKey = Revocation.subjectKey(token.issuer().name(), token.identity().subject());
        Optional<Revocation> revoked = revocations.match(role, subjectKey, token.jti());
        if (revoked.isPresent()) {
            Revocation r = revoked.get();
            throw new Refusal(Reason.REVOKED, "revoked by " + r.kind().id() + " (" + r.reason() + ")",
                    "this " + (r.kind() == Revocation.Kind.ROLE ? "role" : "workload") + " has been revoked", null);
        }
        AdmissionGuard.OneTimeId oneTimeId = null;
        if (token.issuer().replay() == ReplayMode.REJECT) {
            if (token.jti() == null) {
                throw new Refusal(Reason.REPLAY_DETECTED, "issuer requires jti", "the token has no jti and issuer '"
                        + token.issuer().name() + "' accepts each token only once", null);
            }
            oneTimeId = new AdmissionGuard.OneTimeId(token.issuer().name(), token.jti(), token.expiresAt());
        }
        AdmissionGuard.Verdict verdict = admission.admit(new AdmissionGuard.Request(oneTimeId, List.of(
                new AdmissionGuard.Bucket("id|" + subjectKey, new RateLimiter.Limit(config.identityRate(), config.identityBurst())),
                new AdmissionGuard.Bucket("role|" + role, new RateLimiter.Limit(config.roleRate(), config.roleBurst())))));
        switch (verdict.outcome()) {
            case REPLAYED -> throw new Refusal(Reason.REPLAY_DETECTED, "jti already used", "this token has already been exchanged", null);
            case MEMORY_FULL -> throw new Refusal(Reason.RATE_LIMITED, "replay memory full", "the broker is overloaded; retry shortly",
                    Duration.ofSeconds(5));
            case RATE_LIMITED -> throw new Refusal(Reason.RATE_LIMITED, "rate limit", "too many exchanges; retry after the indicated delay",
                    verdict.retryAfter());
            case ADMITTED -> { }
        }
    }

    private IssuedCredential mint(Attempt attempt, VerifiedToken token, PolicyDecision.Allowed allowed, CredentialTarget target) {
        attempt.stage = "mint";
        List<String> scopes = narrowScopes(attempt, target);
        Map<String, Object> attributes = token.identity().attributes();
        Grant grant = new Grant(allowed.role().name(), Grant.workloadId(token.issuer().name(), token.identity().subject()),
                token.issuer().url(), token.identity().subject(), attributes, scopes, attempt.request.lifetime().orElse(null));
        try {
            if (!target.cached()) {
                return minters.mint(target, grant);
            }
            CredentialCache.Key key = new CredentialCache.Key(allowed.role().name(), target, token.issuer().name(),
                    token.issuer().url(), token.identity().subject(), templateValues(target, attributes), scopes,
                    grant.lifetimeFor(target));
            return cache.get(key, () -> minters.mint(target, grant));
        } catch (UpstreamException e) {
            throw new Refusal(e.reason(), e.getMessage(), FailureMessages.upstream(e.reason(), target.kind(), e.upstreamCode()),
                    e.retryAfter().orElse(e.reason().retryable() ? Duration.ofSeconds(5) : null));
        } catch (MissingClaimException e) {
            // A template (AWS session name, tag, source identity; an internal claim) reads a claim the token lacks:
            // nothing was sent upstream or signed.
            throw new Refusal(Reason.NO_MATCHING_RULE, e.getMessage(), "the token lacks a claim the role's credential needs",
                    null);
        }
    }

    /**
     * The verified values a target's templates read (AWS session name, tags, source identity): two
     * requests share a cached credential only if it would carry the same values for both.
     */
    private static Map<String, Object> templateValues(CredentialTarget target, Map<String, Object> attributes) {
        Map<String, Object> used = new TreeMap<>();
        for (Template t : target.templates().values()) {
            for (String claim : t.claims()) {
                used.put(claim, attributes.get(claim));
            }
        }
        return used;
    }

    private static List<String> narrowScopes(Attempt attempt, CredentialTarget target) {
        if (attempt.request.scopes().isEmpty()) {
            return target.grantableScopes();
        }
        Set<String> requested = attempt.request.scopes().get();
        List<String> granted = target.grantableScopes().stream().filter(requested::contains).toList();
        List<String> refused = requested.stream().filter(s -> !target.grantableScopes().contains(s)).sorted().toList();
        if (refused.isEmpty()) {
            return granted;
        }
        if (!target.grantsRequestedSubset() || granted.isEmpty()) {
            throw new Refusal(Reason.SCOPE_NOT_ALLOWED, "requested scopes beyond the role: " + refused,
                    FailureMessages.scopeRefused(refused, attempt.request.role()), null);
        }
        attempt.grantNote = "scopes not granted: " + refused;
        return granted;
    }

    private static String kinds(List<CredentialTarget> targets) {
        return String.join(", ", targets.stream().map(CredentialTarget::kind).toList());
    }

    /** A stage would wait on a thread that must not: unwinds unaudited, to be run again where waiting is allowed. */
    private static final class MustWait extends RuntimeException {
        MustWait() {
            super(null, null, false, false);
        }
    }

    /** A stage's refusal: unwinds to {@link #run}, which audits it once and converts it. */
    private static final class Refusal extends RuntimeException {
        final Reason reason;
        final String detail;
        final String description;
        final Duration retryAfter;

        Refusal(Reason reason, String detail, String description, Duration retryAfter) {
            super(detail, null, false, false);
            this.reason = reason;
            this.detail = detail;
            this.description = description;
            this.retryAfter = retryAfter;
        }
    }

    /** The facts gathered along one exchange, for its audit event. */
    private final class Attempt {
        final String decisionId;
        final ExchangeRequest request;
        final long startNanos;
        String stage = "parse";
        VerifiedToken token;
        String policyVersion;
        Integer rule;
        LiveDecision live;
        String credentialKind;
        PolicyDenial denial;
        String grantNote;

        Attempt(String decisionId, ExchangeRequest request, long startNanos) {
            this.decisionId = decisionId;
            this.request = request;
            this.startNanos = startNanos;
        }

        AuditEvent event(String outcome, Reason reason, String detail, IssuedCredential credential) {
            AuditEvent.Builder event = AuditEvent.builder("exchange", clock.instant()).decisionId(decisionId).outcome(outcome)
                    .reason(reason == null ? null : reason.code()).stage(stage).detail(detail).role(request.role()).rule(rule)
                    .policyVersion(policyVersion).credentialKind(credentialKind)
                    .tokenFingerprint(Fingerprint.of(request.subjectToken())).clientAddress(request.clientAddress())
                    .latencyMicros((System.nanoTime() - startNanos) / 1000).evaluation(denial);
            if (live != null) {
                // Counted here, once per audited exchange: an attempt that unwinds to run again on a worker is not.
                event.shadow(shadows.record(request.role(), live));
            }
            if (token != null) {
                event.issuer(token.issuer().name()).subject(token.identity().subject())
                        .attributes(AuditAttributes.select(token.identity().attributes()));
            }
            if (credential != null) {
                event.credentialFingerprint(Fingerprint.of(credential.secret())).expiresAt(credential.expiresAt());
            }
            return event.build();
        }
    }
}
