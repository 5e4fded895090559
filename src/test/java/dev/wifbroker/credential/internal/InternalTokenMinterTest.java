package dev.wifbroker.credential.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwksVerifier;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.keys.SigningAlgorithm;
import dev.wifbroker.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class InternalTokenMinterTest {
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00.750Z");
    static final MutableClock CLOCK = new MutableClock(NOW);
    static final String ISSUER = "https://broker.example.com";
    static KeyRing ring;
    static InternalTokenMinter minter;

    @BeforeAll
    static void setUp() {
        ring = KeyRing.open(KeyRingSettings.defaults(), new MemoryKeyRingStore(), CLOCK);
        minter = new InternalTokenMinter(new JwtSigner(ring, CLOCK), CLOCK, new BrokerIssuer(ISSUER + "/"));
    }

    static MintRequest request(SigningAlgorithm alg, Map<String, Object> extra, List<String> scopes, Duration lifetime) {
        return new MintRequest("repo:acme/payments:ref:refs/heads/main", "payments-api", scopes, lifetime, extra,
                "https://token.actions.githubusercontent.com", "repo:acme/payments:ref:refs/heads/main", "payments-deploy", alg);
    }

    @Test
    void a_minted_token_verifies_against_the_jwks_and_carries_the_rfc9068_claims() throws Exception {
        MintedToken minted = minter.mint(request(null, Map.of("max_refund_usd", 50, "team", "payments"),
                List.of("refunds:write", "refunds:read"), Duration.ofMinutes(5)));

        JwtClaims claims = JwksVerifier.verify(minted.token(), ring.snapshot().jwksText(), CLOCK.instant());
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("repo:acme/payments:ref:refs/heads/main");
        assertThat(claims.getAudience()).containsExactly("payments-api");
        assertThat(claims.getClaimValue("client_id")).isEqualTo("payments-deploy");
        assertThat(claims.getClaimValue("scope")).isEqualTo("refunds:write refunds:read");
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getNotBefore().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue()).isEqualTo(NOW.getEpochSecond() + 300);
        assertThat(claims.getJwtId()).isEqualTo(minted.jti()).matches("[A-Za-z0-9_-]{22}");
        assertThat(claims.getClaimValue("act")).isEqualTo(Map.of("iss", "https://token.actions.githubusercontent.com",
                "sub", "repo:acme/payments:ref:refs/heads/main"));
        assertThat(claims.getClaimValue("max_refund_usd")).isEqualTo(50L);
        assertThat(claims.getClaimValue("team")).isEqualTo("payments");

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(minted.token());
        assertThat(jws.getHeader("typ")).isEqualTo("at+jwt");
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("ES256");
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(minted.kid())
                .isEqualTo(ring.snapshot().active(SigningAlgorithm.ES256).orElseThrow().kid());
        assertThat(minted.expiresInSeconds()).isEqualTo(300);
        assertThat(minted.toString()).doesNotContain(minted.token());
    }

    @ParameterizedTest(name = "{0} selected -> signed with {0}")
    @EnumSource(SigningAlgorithm.class)
    void the_role_selects_the_algorithm(SigningAlgorithm alg) throws Exception {
        MintedToken minted = minter.mint(request(alg, Map.of(), List.of(), Duration.ofMinutes(1)));

        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(minted.token());
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(alg.jwsName());
        assertThat(minted.algorithm()).isEqualTo(alg);
        JwtClaims claims = JwksVerifier.verify(minted.token(), ring.snapshot().jwksText(), CLOCK.instant());
        assertThat(claims.hasClaim("scope")).as("no scope granted, no scope claim").isFalse();
    }

    @ParameterizedTest(name = "extra claim {0} -> refused")
    @ValueSource(strings = {"iss", "sub", "aud", "exp", "jti", "client_id", "scope", "act"})
    void extra_claims_cannot_override_what_the_minter_sets(String claim) {
        assertThatThrownBy(() -> minter.mint(request(null, Map.of(claim, "x"), List.of(), Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved claim '" + claim + "'");
    }

    @ParameterizedTest(name = "scope \"{0}\" -> refused")
    @ValueSource(strings = {"two words", "", "quote\"", "back\\slash", "caf\u00e9"})
    void scopes_must_be_rfc6749_scope_tokens(String scope) {
        assertThatThrownBy(() -> minter.mint(request(null, Map.of(), List.of(scope), Duration.ofMinutes(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid scope token");
    }

    @Test
    void a_lifetime_beyond_the_key_rings_maximum_is_refused() {
        Duration tooLong = KeyRingSettings.defaults().maxTokenLifetime().plusSeconds(1);
        assertThatThrownBy(() -> minter.mint(request(null, Map.of(), List.of(), tooLong)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max token lifetime");
    }

    @Test
    void every_token_has_its_own_jti() {
        Set<String> jtis = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            jtis.add(minter.mint(request(null, Map.of(), List.of(), Duration.ofMinutes(1))).jti());
        }
        assertThat(jtis).hasSize(200);
    }

    @Test
    void a_request_without_subject_or_with_a_zero_lifetime_is_refused() {
        assertThatThrownBy(() -> new MintRequest(" ", "a", List.of(), Duration.ofMinutes(1), Map.of(), "i", "s", "r", null))
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> new MintRequest("s", "a", List.of(), Duration.ZERO, Map.of(), "i", "s", "r", null))
                .hasMessageContaining("lifetime");
    }
}
