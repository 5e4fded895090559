package dev.wifbroker.identity;

import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.jwks.KeySource;
import dev.wifbroker.identity.jwks.VerificationKey;
import dev.wifbroker.identity.profile.ClaimValues;
import dev.wifbroker.reason.Reason;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Decides whether a presented token really comes from a trusted issuer, in this order: strict
 * parsing, exact issuer, algorithm allowlist, key from the issuer's key source (never from the token's
 * header), signature, time ({@code exp}, {@code nbf}, {@code iat}, age, lifetime), audience. Each
 * refusal carries a stable {@link Reason} and a precise explanation.
 */
public final class TokenVerifier {
    private final IssuerLookup issuers;
    private final VerifierSettings settings;
    private final Clock clock;
    /** Per issuer URL: a flood naming one issuer never takes the waiting places of another. */
    private final Map<String, Semaphore> waiters = new ConcurrentHashMap<>();

    public TokenVerifier(IssuerLookup issuers, VerifierSettings settings, Clock clock) {
        this.issuers = issuers;
        this.settings = settings;
        this.clock = clock;
    }

    /** Tokens longer than this are refused before parsing; other readers of tokens (explain) use the same bound. */
    public int maxTokenBytes() {
        return settings.maxTokenBytes();
    }

    public VerifiedToken verify(String token) throws VerificationException {
        return verify(token, true);
    }

    /**
     * @param mayWait false on a thread that must not block (an I/O thread): where the issuer's keys would have to
     *     be fetched first, {@link KeysNotCached} is thrown after starting the fetch, and nothing else was done
     */
    public VerifiedToken verify(String token, boolean mayWait) throws VerificationException {
        CompactJws jws = CompactJws.parse(token, settings.maxTokenBytes());
        Map<String, Object> claims = jws.claims();
        if (!(claims.get("iss") instanceof String iss)) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, "token has no iss claim");
        }
        TrustedIssuer trusted = issuers.byUrl(iss).orElseThrow(() -> untrusted(iss));
        IssuerSpec spec = trusted.spec();
        String alg = jws.algorithm();
        if (!JwsAlgorithms.supported(alg)) {
            throw new VerificationException(Reason.ALGORITHM_NOT_ALLOWED, JwsAlgorithms.whyRefused(alg));
        }
        if (!spec.algorithms().contains(alg)) {
            throw new VerificationException(Reason.ALGORITHM_NOT_ALLOWED, "alg " + alg + " is not allowed for issuer "
                    + spec.name() + " (allowed: " + String.join(", ", spec.algorithms()) + ")");
        }
        VerificationKey key = verifySignature(jws, alg, trusted, mayWait);
        Instant now = clock.instant();
        Times times = checkTimes(claims, spec, now);
        checkAudience(claims, spec);
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, "token has no sub claim");
        }
        IdentityView identity = new IdentityView(spec.name(), spec.url(), spec.profile().kind(), sub,
                ClaimValues.attributes(spec.profile(), claims));
        String jti = claims.get("jti") instanceof String j && !j.isEmpty() ? j : null;
        return new VerifiedToken(TokenIssuer.of(spec), identity, key.kid(), alg, times.issuedAt, times.expiresAt, jti);
    }

    private VerificationException untrusted(String iss) {
        String hint = "";
        for (TrustedIssuer t : issuers.all()) {
            String url = t.spec().url();
            if (strip(url).equalsIgnoreCase(strip(iss))) {
                hint = " (issuer " + t.spec().name() + " is '" + url + "'; issuers must match exactly, including case and trailing slash)";
                break;
            }
        }
        return new VerificationException(Reason.ISSUER_NOT_TRUSTED, "issuer '" + printable(iss) + "' is not trusted" + hint);
    }

    private VerificationKey verifySignature(CompactJws jws, String alg, TrustedIssuer trusted, boolean mayWait)
            throws VerificationException {
        String kid = jws.keyId();
        KeySource source = trusted.keys();
        Optional<JwksSnapshot> snapshot = source.snapshot();
        List<VerificationKey> candidates = snapshot.map(s -> s.candidates(kid, alg)).orElse(List.of());
        if (candidates.isEmpty()) {
            KeySource.RefreshOutcome outcome = awaitRefresh(source, trusted.spec(), mayWait);
            snapshot = outcome.snapshot();
            candidates = snapshot.map(s -> s.candidates(kid, alg)).orElse(List.of());
            if (candidates.isEmpty()) {
                throw noKey(kid, alg, trusted, snapshot, outcome);
            }
        }
        Optional<VerificationKey> signer = JwsSignatures.verify(jws, alg, candidates);
        if (signer.isPresent()) {
            return signer.get();
        }
        throw new VerificationException(Reason.SIGNATURE_INVALID, "signature does not verify with "
                + (kid == null ? "any of the issuer's " + alg + " keys" : "key '" + printable(kid) + "'"));
    }

    /**
     * Asks for the one shared refetch and waits for it briefly, on a bounded number of threads per issuer:
     * tokens naming unknown keys (a rotation, or forgeries naming a trusted {@code iss}) must not pile up
     * request threads behind a slow issuer. Past the bound the caller gets a retryable 503.
     */
    private KeySource.RefreshOutcome awaitRefresh(KeySource source, IssuerSpec spec, boolean mayWait)
            throws VerificationException {
        CompletableFuture<KeySource.RefreshOutcome> refresh = source.refreshForUnknownKey();
        if (refresh.isDone()) {
            return outcomeOf(refresh, source, spec);
        }
        if (!mayWait) {
            throw new KeysNotCached();
        }
        Semaphore places = waiters.computeIfAbsent(spec.url(), url -> new Semaphore(settings.maxRefetchWaiters()));
        if (!places.tryAcquire()) {
            throw new VerificationException(Reason.JWKS_UNAVAILABLE, "keys of issuer " + spec.name()
                    + " are being refetched and " + settings.maxRefetchWaiters() + " requests already wait for keys",
                    source.retryHint());
        }
        Duration wait = source.snapshot().isPresent() ? settings.refetchWait() : settings.firstFetchWait();
        try {
            refresh.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new VerificationException(Reason.JWKS_UNAVAILABLE, "keys of issuer " + spec.name()
                    + " are being fetched; not done within " + wait.toMillis() + " ms", source.retryHint());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VerificationException(Reason.JWKS_UNAVAILABLE, "interrupted while fetching keys of issuer " + spec.name(),
                    source.retryHint());
        } catch (ExecutionException e) {
            // handled by outcomeOf
        } finally {
            places.release();
        }
        return outcomeOf(refresh, source, spec);
    }

    private static KeySource.RefreshOutcome outcomeOf(CompletableFuture<KeySource.RefreshOutcome> done, KeySource source,
            IssuerSpec spec) throws VerificationException {
        try {
            return done.join();
        } catch (RuntimeException e) {
            throw new VerificationException(Reason.JWKS_UNAVAILABLE, "keys of issuer " + spec.name() + " are unavailable",
                    source.retryHint());
        }
    }

    /**
     * Why no key fits. A final 400 {@code key_not_found} only when keys fetched successfully and recently
     * (by this refetch, or one within the minimum refetch interval) lack its key: then the issuer does not
     * publish it. A failed refetch, a refetch still running or no keys at all are our outage: a retryable
     * 503 {@code jwks_unavailable}.
     */
    private static VerificationException noKey(String kid, String alg, TrustedIssuer trusted, Optional<JwksSnapshot> snapshot,
            KeySource.RefreshOutcome outcome) {
        IssuerSpec spec = trusted.spec();
        Duration retry = trusted.keys().retryHint();
        if (snapshot.isEmpty()) {
            return new VerificationException(Reason.JWKS_UNAVAILABLE, "no keys of issuer " + spec.name()
                    + " are available: " + outcome.detail(), retry);
        }
        JwksSnapshot keys = snapshot.get();
        if (kid != null && keys.containsKid(kid)) {
            return new VerificationException(Reason.KEY_NOT_FOUND, "key '" + printable(kid) + "' of issuer " + spec.name()
                    + " cannot verify " + alg + " signatures");
        }
        String missing = kid == null ? "token has no kid and no " + alg + " key" : "no key with kid '" + printable(kid) + "'";
        if (outcome.status() == KeySource.RefreshOutcome.Status.FAILED) {
            return new VerificationException(Reason.JWKS_UNAVAILABLE, missing + " is among the cached keys of issuer "
                    + spec.name() + " and a refetch failed: " + outcome.detail(), retry);
        }
        return new VerificationException(Reason.KEY_NOT_FOUND, missing + " is in the JWKS of issuer " + spec.name()
                + " (" + keys.keys().size() + " keys)");
    }

    private record Times(Instant issuedAt, Instant expiresAt) {}

    private static Times checkTimes(Map<String, Object> claims, IssuerSpec spec, Instant now) throws VerificationException {
        Long exp = numericDate(claims, "exp");
        Long iat = numericDate(claims, "iat");
        Long nbf = numericDate(claims, "nbf");
        if (exp == null) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, "token has no exp claim");
        }
        if (iat == null) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, "token has no iat claim");
        }
        long skew = spec.clockSkew().toSeconds();
        long t = now.getEpochSecond();
        if (t > exp + skew) {
            throw new VerificationException(Reason.TOKEN_EXPIRED, "token expired " + (t - exp) + " s ago (skew allowance "
                    + skew + " s)");
        }
        if (nbf != null && nbf > t + skew) {
            throw new VerificationException(Reason.TOKEN_NOT_YET_VALID, "token is not valid for another " + (nbf - t)
                    + " s (nbf; skew allowance " + skew + " s)");
        }
        if (iat > t + skew) {
            throw new VerificationException(Reason.TOKEN_NOT_YET_VALID, "token was issued " + (iat - t)
                    + " s in the future (iat; skew allowance " + skew + " s)");
        }
        if (exp < iat) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, "token expires before it was issued (exp < iat)");
        }
        long age = t - iat;
        if (age > spec.maxTokenAge().toSeconds() + skew) {
            throw new VerificationException(Reason.TOKEN_TOO_OLD, "token was issued " + age + " s ago; issuer "
                    + spec.name() + " accepts tokens up to " + spec.maxTokenAge().toSeconds() + " s old");
        }
        long lifetime = exp - iat;
        if (lifetime > spec.maxLifetime().toSeconds()) {
            throw new VerificationException(Reason.TOKEN_TOO_OLD, "token lifetime " + lifetime + " s (exp - iat) exceeds the "
                    + "maximum of " + spec.maxLifetime().toSeconds() + " s for issuer " + spec.name());
        }
        return new Times(Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp));
    }

    private static Long numericDate(Map<String, Object> claims, String name) throws VerificationException {
        Object v = claims.get(name);
        if (v == null) {
            return null;
        }
        if ((v instanceof Integer || v instanceof Long) && Math.abs(((Number) v).doubleValue()) < 1e12) {
            // Bounded like the Double branch: age and lifetime are computed by subtraction and must not overflow.
            return ((Number) v).longValue();
        }
        if (v instanceof Double d && Double.isFinite(d) && Math.abs(d) < 1e12) {
            return (long) Math.floor(d);
        }
        if (v instanceof java.math.BigDecimal || v instanceof BigInteger || v instanceof Number) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, name + " is out of range");
        }
        throw new VerificationException(Reason.TOKEN_MALFORMED, name + " must be a number (seconds since the epoch)");
    }

    /**
     * The audience check of {@link #verify}: {@code aud} (a string or a list of strings) must contain one of the
     * issuer's audiences. Public so offline tools ({@code policy explain --token}) refuse what the broker refuses.
     */
    public static void checkAudience(Map<String, Object> claims, IssuerSpec spec) throws VerificationException {
        Object aud = claims.get("aud");
        List<String> audiences = new ArrayList<>();
        if (aud instanceof String s) {
            audiences.add(s);
        } else if (aud instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new VerificationException(Reason.TOKEN_MALFORMED, "aud must be a string or a list of strings");
                }
                audiences.add(s);
            }
        } else if (aud != null) {
            throw new VerificationException(Reason.TOKEN_MALFORMED, "aud must be a string or a list of strings");
        }
        if (audiences.isEmpty()) {
            throw new VerificationException(Reason.AUDIENCE_MISMATCH, "token has no aud; expected one of " + spec.audiences());
        }
        for (String a : audiences) {
            if (spec.audiences().contains(a)) {
                return;
            }
        }
        List<String> shown = audiences.stream().limit(5).map(TokenVerifier::printable).toList();
        throw new VerificationException(Reason.AUDIENCE_MISMATCH, "aud " + shown + " does not contain any of "
                + spec.audiences());
    }

    private static String strip(String url) {
        String s = url.toLowerCase(Locale.ROOT);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Token-supplied text shown in messages: bounded length, no control characters. */
    static String printable(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 120 ? value.substring(0, 120) + "…" : value;
        StringBuilder b = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> b.appendCodePoint(c < 32 || c == 127 ? '?' : c));
        return b.toString();
    }
}
