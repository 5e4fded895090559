package dev.wifbroker.credential.internal;

import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.MissingClaimException;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.template.Template;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.SignedJwt;
import dev.wifbroker.keys.SigningAlgorithm;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Mints internal access tokens in the RFC 9068 JWT profile: header {@code typ: at+jwt}; claims
 * {@code iss} (the broker), {@code sub}, {@code aud}, {@code client_id} (the role), {@code scope}
 * (space-separated, omitted when empty), {@code iat}, {@code nbf}, {@code exp}, {@code jti} (128 random
 * bits), {@code act} ({@code iss} and {@code sub} of the token the workload presented), then the role's
 * extra claims.
 */
@Singleton
public class InternalTokenMinter implements TargetMinter<InternalTarget> {
    /** Claims the minter sets itself; a role's extra claims may not override them (policy lints should say so first). */
    public static final Set<String> RESERVED_CLAIMS = Set.of(
            "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "act", "auth_time", "acr", "amr", "cnf");
    private static final Map<String, Object> HEADER = Map.of("typ", "at+jwt");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final JwtSigner signer;
    private final Clock clock;
    private final BrokerIssuer issuer;
    private final SecureRandom random = new SecureRandom();

    public InternalTokenMinter(JwtSigner signer, Clock clock, BrokerIssuer issuer) {
        this.signer = signer;
        this.clock = clock;
        this.issuer = issuer;
    }

    @Override
    public boolean needsNetwork() {
        return false;
    }

    /**
     * The role's internal token for one exchange: the target's claim templates rendered from the verified
     * attributes, then signed.
     *
     * @throws MissingClaimException when a claim template reads a claim the token lacks (nothing is signed)
     */
    @Override
    public IssuedCredential.InternalToken mint(InternalTarget target, Grant request) {
        Duration lifetime = request.lifetimeFor(target);
        Map<String, Object> claims = target.renderClaims(request.attributes()).orElseThrow(() -> missing(target, request));
        MintedToken minted = mint(new MintRequest(request.workload(), target.audience(), request.scopes(), lifetime, claims,
                request.issuerUrl(), request.subject(), request.role(), SigningAlgorithm.valueOf(target.algorithm().name())));
        return new IssuedCredential.InternalToken(minted.token(), minted.jti(), request.scopes(), minted.expiresAt());
    }

    private static MissingClaimException missing(InternalTarget target, Grant request) {
        for (Map.Entry<String, Template> t : target.templates().entrySet()) {
            var claim = t.getValue().missingClaim(request.attributes());
            if (claim.isPresent()) {
                return new MissingClaimException(claim.get(), "internal " + t.getKey());
            }
        }
        return new MissingClaimException("?", "internal claims");
    }

    /**
     * Signs the token {@code request} describes.
     *
     * @throws IllegalArgumentException for a reserved extra claim, an invalid scope token, or a lifetime
     *                                  beyond the key ring's max token lifetime
     */
    public MintedToken mint(MintRequest request) {
        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = issuedAt.plusSeconds(request.lifetime().toSeconds());
        String jti = newJti();

        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.url());
        claims.put("sub", request.subject());
        claims.put("aud", request.audience());
        claims.put("client_id", request.role());
        if (!request.scopes().isEmpty()) {
            claims.put("scope", scope(request));
        }
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("nbf", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", jti);
        claims.put("act", Map.of("iss", request.originalIssuer(), "sub", request.originalSubject()));
        for (Map.Entry<String, Object> extra : request.extraClaims().entrySet()) {
            if (RESERVED_CLAIMS.contains(extra.getKey())) {
                throw new IllegalArgumentException("role " + request.role() + " sets reserved claim '" + extra.getKey() + "'");
            }
            claims.put(extra.getKey(), extra.getValue());
        }
        SignedJwt jwt = signer.sign(HEADER, claims, request.algorithm());
        return new MintedToken(jwt.compact(), jti, issuedAt, expiresAt, jwt.kid(), jwt.algorithm());
    }

    private static String scope(MintRequest request) {
        for (String token : request.scopes()) {
            if (!isScopeToken(token)) {
                throw new IllegalArgumentException("role " + request.role() + " has an invalid scope token '" + token + "'");
            }
        }
        return String.join(" ", request.scopes());
    }

    /** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
    static boolean isScopeToken(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private String newJti() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
