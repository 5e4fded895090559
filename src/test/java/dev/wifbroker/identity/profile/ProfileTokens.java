package dev.wifbroker.identity.profile;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.PinnedKeySource;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * Signs a claims fixture ({@code src/test/resources/claims/<kind>/}) and verifies it end to end, as the broker
 * would, against one issuer per profile: github.com, gitlab.com, an EKS cluster and a generic IdP.
 */
public final class ProfileTokens {
    public static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    public static final PublicJsonWebKey RSA = TestKeys.rsa("r1");
    public static final PublicJsonWebKey EC = TestKeys.ec("e1");
    private static final TokenVerifier VERIFIER = verifier();

    private ProfileTokens() {}

    /** The identity view of the fixture, signed with {@code key} and {@code alg} and fresh at {@link #NOW}. */
    public static IdentityView verify(String fixture, PublicJsonWebKey key, String alg) throws Exception {
        return VERIFIER.verify(Tokens.sign(Tokens.fresh(Tokens.fixture(fixture), NOW, 300), key, alg)).identity();
    }

    private static TokenVerifier verifier() {
        JwksSnapshot keys = JwksSnapshot.parse(TestKeys.jwks(List.of(RSA, EC)), NOW);
        JwksSpec pinned = new JwksSpec.Pinned(keys, "inline");
        return new TokenVerifier(Issuers.lookup(
                issuer("github", ProfileKind.GITHUB_ACTIONS, "https://token.actions.githubusercontent.com", pinned, keys),
                issuer("gitlab", ProfileKind.GITLAB, "https://gitlab.com", pinned, keys),
                issuer("eks", ProfileKind.KUBERNETES, "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE", pinned, keys),
                issuer("idp", ProfileKind.OIDC, "https://idp.example.com", pinned, keys)),
                VerifierSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static TrustedIssuer issuer(String name, ProfileKind kind, String url, JwksSpec jwks, JwksSnapshot keys) {
        return new TrustedIssuer(Issuers.spec(name, kind, url, jwks), new PinnedKeySource(keys));
    }
}
