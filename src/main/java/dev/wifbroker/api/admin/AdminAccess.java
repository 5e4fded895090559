package dev.wifbroker.api.admin;

import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.credential.admin.AdminConfig;
import dev.wifbroker.credential.admin.AdminPermission;
import dev.wifbroker.credential.admin.AdminTokens;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.identity.CompactJws;
import dev.wifbroker.identity.JwksKeys;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwksDocument;
import dev.wifbroker.keys.KeyPhase;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.ManagedKey;
import dev.wifbroker.keys.PublishedJwks;
import dev.wifbroker.keys.SigningAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call {@code /admin/v1/*}: a broker-issued admin token ({@code credential.admin}), verified against the
 * broker's own published keys: one of the broker's algorithms (never {@code none} or HMAC), {@code typ}
 * {@code wif-admin+jwt} (an internal {@code at+jwt} is refused), a known key that is not retired, the signature,
 * {@code iss} exactly the broker's, {@code aud} the admin audience, {@code exp}/{@code nbf}, its permissions, and
 * no revocation of its role, operator or {@code jti}. With {@code broker.admin.auth=none} every caller is
 * {@link Operator#unauthenticated()} (start-up allows that only on a loopback management interface).
 */
@ApplicationScoped
public class AdminAccess {
    /** Bounds the clock difference between replicas for {@code nbf}; {@code exp} gets none. */
    static final Duration NOT_BEFORE_SKEW = Duration.ofSeconds(30);
    private static final int MAX_TOKEN_BYTES = 8192;
    private static final Set<String> ALGORITHMS = Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::jwsName)
            .collect(Collectors.toUnmodifiableSet());

    private final PublishedJwks jwks;
    private final KeyRing ring;
    private final BrokerIssuer issuer;
    private final String audience;
    private final boolean required;
    private final Revocations revocations;
    private final Clock clock;
    private volatile Keys keys = new Keys(null, JwksKeys.empty());

    public AdminAccess(PublishedJwks jwks, KeyRing ring, BrokerIssuer issuer, AdminConfig config, Revocations revocations,
            Clock clock) {
        this.jwks = jwks;
        this.ring = ring;
        this.issuer = issuer;
        this.audience = AdminTokens.audience(config, issuer);
        this.required = config.auth() == AdminConfig.Auth.REQUIRED;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** The parsed JWKS for one document version, so a call parses the keys only after they changed. */
    private record Keys(JwksDocument document, JwksKeys keys) {}

    /** The caller of one request from its {@code Authorization} header (or anyone, without authentication). */
    public Operator caller(String authorization) throws AdminRefusal {
        if (!required) {
            return Operator.unauthenticated();
        }
        if (authorization == null || authorization.isBlank()) {
            throw AdminRefusal.unauthorized("token_missing", "send Authorization: Bearer <admin token> (obtain one at /v1/token for a role with an admin target)");
        }
        String[] parts = authorization.strip().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw AdminRefusal.unauthorized("token_missing", "the Authorization header must be 'Bearer <admin token>'");
        }
        return authenticate(parts[1].strip());
    }

    /**
     * The operator an admin token proves.
     *
     * @throws AdminRefusal (401) naming the first check that failed
     */
    public Operator authenticate(String bearer) throws AdminRefusal {
        CompactJws jws;
        try {
            jws = CompactJws.parse(bearer, MAX_TOKEN_BYTES);
        } catch (VerificationException e) {
            throw AdminRefusal.unauthorized("token_malformed", "the bearer token is not a compact JWS");
        }
        String alg = jws.algorithm();
        if (alg == null || !ALGORITHMS.contains(alg)) {
            throw AdminRefusal.unauthorized("algorithm_not_allowed", "admin tokens are signed with one of " + ALGORITHMS.stream().sorted().toList());
        }
        if (!AdminTokens.TYP.equals(jws.header().get("typ"))) {
            throw AdminRefusal.unauthorized("not_an_admin_token", "the token is not a broker admin token (typ " + AdminTokens.TYP
                    + "); internal and workload tokens are not accepted here");
        }
        String kid = jws.keyId();
        JwksKeys published = currentKeys();
        if (!published.has(kid, alg)) {
            throw AdminRefusal.unauthorized("key_not_found", "the token's kid is not one of the broker's published keys");
        }
        Optional<ManagedKey> own = ring.snapshot().keys().stream().filter(k -> k.kid().equals(kid)).findFirst();
        if (own.isPresent() && own.get().phase() != KeyPhase.ACTIVE) {
            // A retired key only verifies tokens already issued to relying parties; admin access ends with its rotation.
            throw AdminRefusal.unauthorized("key_retired", "the token was signed by a broker key that no longer signs; obtain a new admin token");
        }
        if (!published.verifies(jws, kid, alg)) {
            throw AdminRefusal.unauthorized("signature_invalid", "the token's signature does not verify with the broker's key");
        }
        return operator(jws.claims(), bearer);
    }

    private Operator operator(Map<String, Object> claims, String bearer) throws AdminRefusal {
        if (!issuer.url().equals(claims.get("iss"))) {
            throw AdminRefusal.unauthorized("issuer_mismatch", "the token was not issued by this broker (" + issuer.url() + ")");
        }
        if (!audienceMatches(claims.get("aud"))) {
            throw AdminRefusal.unauthorized("audience_mismatch", "the token's audience is not the admin audience " + audience);
        }
        Instant now = clock.instant();
        Instant exp = instant(claims.get("exp"), "exp");
        if (!now.isBefore(exp)) {
            throw AdminRefusal.unauthorized("token_expired", "the admin token has expired; obtain a new one");
        }
        if (claims.containsKey("nbf") && instant(claims.get("nbf"), "nbf").isAfter(now.plus(NOT_BEFORE_SKEW))) {
            throw AdminRefusal.unauthorized("token_not_yet_valid", "the admin token is not valid yet");
        }
        String subject = text(claims.get("sub"), "sub");
        String role = text(claims.get("client_id"), "client_id");
        String jti = text(claims.get("jti"), "jti");
        Set<AdminPermission> permissions = permissions(claims.get(AdminTokens.PERMISSIONS));
        String sourceIssuer = claims.get("act") instanceof Map<?, ?> act && act.get("iss") instanceof String s ? s : null;
        if (sourceIssuer == null) {
            throw AdminRefusal.unauthorized("token_malformed", "the admin token has no act.iss");
        }
        int colon = subject.indexOf(':');
        String subjectKey = colon < 0 ? subject : Revocation.subjectKey(subject.substring(0, colon), subject.substring(colon + 1));
        boolean revoked;
        try {
            revoked = revocations.match(role, subjectKey, jti).isPresent();
        } catch (StoreUnavailableException e) {
            throw AdminRefusal.revocationsUnavailable(e.retryAfter());
        }
        if (revoked) {
            throw AdminRefusal.unauthorized("revoked", "the admin token's role, operator or id has been revoked");
        }
        return new Operator(subject, role, sourceIssuer, permissions, exp, Fingerprint.of(bearer));
    }

    private boolean audienceMatches(Object aud) {
        if (aud instanceof String s) {
            return s.equals(audience);
        }
        return aud instanceof List<?> list && list.size() == 1 && audience.equals(list.get(0));
    }

    private static Instant instant(Object value, String claim) throws AdminRefusal {
        if (value instanceof Number n && n.doubleValue() == n.longValue()) {
            return Instant.ofEpochSecond(n.longValue());
        }
        throw AdminRefusal.unauthorized("token_malformed", "the admin token's " + claim + " is not a number of seconds");
    }

    private static String text(Object value, String claim) throws AdminRefusal {
        if (value instanceof String s && !s.isEmpty()) {
            return s;
        }
        throw AdminRefusal.unauthorized("token_malformed", "the admin token has no " + claim);
    }

    /** Fail closed: a permission this broker does not know refuses the token rather than being skipped. */
    private static Set<AdminPermission> permissions(Object value) throws AdminRefusal {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw AdminRefusal.unauthorized("token_malformed", "the admin token has no permissions");
        }
        Set<AdminPermission> out = EnumSet.noneOf(AdminPermission.class);
        for (Object p : list) {
            Optional<AdminPermission> known = p instanceof String s ? AdminPermission.parse(s) : Optional.empty();
            if (known.isEmpty()) {
                throw AdminRefusal.unauthorized("token_malformed", "the admin token names an unknown permission");
            }
            out.add(known.get());
        }
        return out;
    }

    private JwksKeys currentKeys() {
        JwksDocument document = jwks.document();
        Keys k = keys;
        if (k.document() != document) {
            k = new Keys(document, JwksKeys.parse(document.text(), clock.instant()));
            keys = k;
        }
        return k.keys();
    }
}
