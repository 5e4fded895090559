package dev.wifbroker.credential.admin;

import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.SignedJwt;
import dev.wifbroker.keys.SigningAlgorithm;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Mints admin tokens: header {@code typ: wif-admin+jwt}; claims {@code iss} (the broker), {@code sub} (the
 * operator, {@code issuer-name:sub}), {@code aud} (the admin audience), {@code client_id} (the role),
 * {@code permissions}, {@code iat}, {@code nbf}, {@code exp}, {@code jti}, {@code act} ({@code iss} and
 * {@code sub} of the token the operator presented). ES256, from the key ring; nothing leaves the process.
 */
@Singleton
public class AdminTokenMinter implements TargetMinter<AdminTarget> {
    private static final Map<String, Object> HEADER = Map.of("typ", AdminTokens.TYP);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final JwtSigner signer;
    private final Clock clock;
    private final BrokerIssuer issuer;
    private final String audience;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public AdminTokenMinter(JwtSigner signer, Clock clock, BrokerIssuer issuer, AdminConfig config) {
        this(signer, clock, issuer, AdminTokens.audience(config, issuer));
    }

    /** For tools and tests without a configuration: the admin tokens' {@code aud} given. */
    public AdminTokenMinter(JwtSigner signer, Clock clock, BrokerIssuer issuer, String audience) {
        this.signer = signer;
        this.clock = clock;
        this.issuer = issuer;
        this.audience = audience;
    }

    @Override
    public boolean needsNetwork() {
        return false;
    }

    @Override
    public IssuedCredential.AdminToken mint(AdminTarget target, Grant grant) {
        Instant issuedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
        Instant expiresAt = issuedAt.plusSeconds(grant.lifetimeFor(target).toSeconds());
        byte[] id = new byte[16];
        random.nextBytes(id);
        String jti = B64.encodeToString(id);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer.url());
        claims.put("sub", grant.workload());
        claims.put("aud", audience);
        claims.put("client_id", grant.role());
        claims.put(AdminTokens.PERMISSIONS, target.permissions().stream().map(AdminPermission::id).toList());
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("nbf", issuedAt.getEpochSecond());
        claims.put("exp", expiresAt.getEpochSecond());
        claims.put("jti", jti);
        claims.put("act", Map.of("iss", grant.issuerUrl(), "sub", grant.subject()));
        SignedJwt jwt = signer.sign(HEADER, claims, SigningAlgorithm.ES256);
        return new IssuedCredential.AdminToken(jwt.compact(), jti, target.permissions().stream().map(AdminPermission::id).toList(),
                expiresAt);
    }
}
