package dev.wifbroker.credential;

import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.SignedJwt;
import dev.wifbroker.keys.SigningAlgorithm;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs the short-lived assertions the broker presents to a cloud (or hands a workload for one):
 * RS256, because it is the one algorithm every cloud accepts (Entra takes only RSA). Claims:
 * {@code iss} (the broker), {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp},
 * {@code jti} (128 random bits), then the caller's extra claims.
 */
public final class CloudAssertionSigner {
    private static final Map<String, Object> HEADER = Map.of("typ", "JWT");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final JwtSigner signer;
    private final BrokerIssuer issuer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A signed assertion and when it stops being valid. */
    public record Signed(SignedJwt jwt, Instant expiresAt) {
        public String compact() {
            return jwt.compact();
        }
    }

    public CloudAssertionSigner(JwtSigner signer, BrokerIssuer issuer, Clock clock) {
        this.signer = signer;
        this.issuer = issuer;
        this.clock = clock;
    }

    public Signed sign(String audience, String subject, Duration lifetime, Map<String, Object> extraClaims) {
        Instant now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = now.plus(lifetime);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.url());
        claims.put("sub", subject);
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", jti());
        extraClaims.forEach(claims::putIfAbsent);
        return new Signed(signer.sign(HEADER, claims, SigningAlgorithm.RS256), expiresAt);
    }

    public Clock clock() {
        return clock;
    }

    public BrokerIssuer issuer() {
        return issuer;
    }

    private String jti() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }
}
