package dev.wifbroker.api.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.admin.AdminConfig;
import dev.wifbroker.credential.admin.AdminPermission;
import dev.wifbroker.credential.admin.AdminTarget;
import dev.wifbroker.credential.admin.AdminTokenMinter;
import dev.wifbroker.credential.admin.AdminTokens;
import dev.wifbroker.credential.internal.InternalTarget;
import dev.wifbroker.credential.internal.InternalTokenMinter;
import dev.wifbroker.guard.Revocation;
import dev.wifbroker.guard.RevocationStore;
import dev.wifbroker.guard.Revocations;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import dev.wifbroker.keys.KeyRing;
import dev.wifbroker.keys.KeyRingSettings;
import dev.wifbroker.keys.MemoryKeyRingStore;
import dev.wifbroker.keys.SigningAlgorithm;
import dev.wifbroker.testing.MutableClock;
import dev.wifbroker.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link AdminAccess} over a real key ring and the real minters: every way an admin token is refused, by name. */
class AdminAccessTest {
    static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    static final String ISSUER = "http://127.0.0.1:8080";
    static final String AUDIENCE = ISSUER + "/admin";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    final MutableClock clock = new MutableClock(START);
    final KeyRing ring = KeyRing.open(new KeyRingSettings(EnumSet.of(SigningAlgorithm.ES256, SigningAlgorithm.RS256), Duration.ofHours(24),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), 2048), new MemoryKeyRingStore(), clock);
    final JwtSigner signer = new JwtSigner(ring, clock);
    final BrokerIssuer issuer = new BrokerIssuer(ISSUER);
    final Revocations revocations = new Revocations(clock);
    final AdminTokenMinter minter = new AdminTokenMinter(signer, clock, issuer, config(AdminConfig.Auth.REQUIRED));
    final AdminAccess access = access(AdminConfig.Auth.REQUIRED);

    static AdminConfig config(AdminConfig.Auth auth) {
        return new AdminConfig() {
            @Override
            public Auth auth() {
                return auth;
            }

            @Override
            public Optional<String> audience() {
                return Optional.empty();
            }
        };
    }

    AdminAccess access(AdminConfig.Auth auth) {
        return new AdminAccess(() -> ring.snapshot().document(), ring, issuer, config(auth), revocations, clock);
    }

    static Grant grant(String role) {
        return new Grant(role, "cluster:system:serviceaccount:wif-broker:wif-broker-operator", "https://kubernetes.default.svc",
                "system:serviceaccount:wif-broker:wif-broker-operator", Map.of(), List.of(), null);
    }

    String adminToken(AdminPermission... permissions) {
        return minter.mint(new AdminTarget(List.of(permissions), Duration.ofMinutes(15)), grant("operators")).token();
    }

    /** The claims of a genuine admin token, to be edited and signed by the broker's own active key. */
    Map<String, Object> claims() {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", ISSUER);
        c.put("sub", "cluster:system:serviceaccount:wif-broker:wif-broker-operator");
        c.put("aud", AUDIENCE);
        c.put("client_id", "operators");
        c.put("permissions", List.of("read"));
        c.put("iat", now);
        c.put("nbf", now);
        c.put("exp", now + 900);
        c.put("jti", "j-1");
        c.put("act", Map.of("iss", "https://kubernetes.default.svc", "sub", "system:serviceaccount:wif-broker:wif-broker-operator"));
        return c;
    }

    String brokerSigned(Function<Map<String, Object>, Map<String, Object>> edit) {
        return signer.sign(Map.of("typ", AdminTokens.TYP), edit.apply(claims()), SigningAlgorithm.ES256).compact();
    }

    String activeKid() {
        return ring.snapshot().active(SigningAlgorithm.ES256).orElseThrow().kid();
    }

    static String jose(Map<String, Object> claims, String alg, String kid, java.security.Key key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(JSON.writeValueAsString(claims));
        jws.setAlgorithmHeaderValue(alg);
        jws.setKeyIdHeaderValue(kid);
        jws.setHeader("typ", AdminTokens.TYP);
        jws.setKey(key);
        jws.setDoKeyValidation(false);
        return jws.getCompactSerialization();
    }

    String reasonFor(String token) {
        try {
            access.authenticate(token);
            throw new AssertionError("accepted");
        } catch (AdminRefusal r) {
            assertThat(r.status()).isEqualTo(401);
            return r.reason();
        }
    }

    @Test
    void a_genuine_admin_token_names_the_operator_role_source_issuer_and_permissions() throws Exception {
        String token = adminToken(AdminPermission.READ, AdminPermission.EXPLAIN);
        Operator op = access.caller("Bearer " + token);
        assertThat(op.subject()).isEqualTo("cluster:system:serviceaccount:wif-broker:wif-broker-operator");
        assertThat(op.role()).isEqualTo("operators");
        assertThat(op.sourceIssuer()).isEqualTo("https://kubernetes.default.svc");
        assertThat(op.permissions()).containsExactlyInAnyOrder(AdminPermission.READ, AdminPermission.EXPLAIN);
        assertThat(op.expiresAt()).isEqualTo(START.plus(Duration.ofMinutes(15)));
        assertThat(op.fingerprint()).startsWith("sha256:").doesNotContain(token);
        op.require(AdminPermission.READ);
    }

    @Test
    void a_missing_permission_is_a_403_naming_it() throws Exception {
        Operator op = access.authenticate(adminToken(AdminPermission.READ));
        assertThatThrownBy(() -> op.require(AdminPermission.REVOKE)).isInstanceOfSatisfying(AdminRefusal.class, r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.reason()).isEqualTo("permission_required");
            assertThat(r.body()).containsEntry("error", "forbidden").containsEntry("permission", "revoke");
        });
    }

    @Test
    void no_authorization_header_or_another_scheme_is_token_missing() {
        assertThatThrownBy(() -> access.caller(null)).isInstanceOfSatisfying(AdminRefusal.class,
                r -> assertThat(r.reason()).isEqualTo("token_missing"));
        assertThatThrownBy(() -> access.caller("Basic b3A6cGFzcw==")).isInstanceOfSatisfying(AdminRefusal.class,
                r -> assertThat(r.reason()).isEqualTo("token_missing"));
        assertThatThrownBy(() -> access.caller("Bearer")).isInstanceOfSatisfying(AdminRefusal.class,
                r -> assertThat(r.reason()).isEqualTo("token_missing"));
    }

    @Test
    void without_authentication_every_caller_is_the_unauthenticated_loopback_operator() throws Exception {
        Operator op = access(AdminConfig.Auth.NONE).caller(null);
        assertThat(op.subject()).isEqualTo(Operator.UNAUTHENTICATED);
        assertThat(op.permissions()).containsExactlyInAnyOrder(AdminPermission.values());
    }

    @Test
    void a_forged_token_signed_by_another_key_under_the_brokers_kid_is_signature_invalid() throws Exception {
        PublicJsonWebKey attacker = TestKeys.ec("attacker");
        assertThat(reasonFor(jose(claims(), "ES256", activeKid(), attacker.getPrivateKey()))).isEqualTo("signature_invalid");
    }

    @Test
    void a_genuine_token_with_an_edited_payload_is_signature_invalid() throws Exception {
        String[] parts = adminToken(AdminPermission.READ).split("\\.");
        Map<String, Object> escalated = claims();
        escalated.put("permissions", List.of("read", "explain", "revoke"));
        String payload = B64.encodeToString(JSON.writeValueAsBytes(escalated));
        assertThat(reasonFor(parts[0] + "." + payload + "." + parts[2])).isEqualTo("signature_invalid");
    }

    @Test
    void an_expired_token_is_token_expired() {
        String token = adminToken(AdminPermission.READ);
        clock.advance(Duration.ofMinutes(15));
        assertThat(reasonFor(token)).isEqualTo("token_expired");
    }

    @Test
    void a_token_valid_only_later_is_token_not_yet_valid() {
        assertThat(reasonFor(brokerSigned(c -> {
            c.put("nbf", clock.instant().plus(Duration.ofMinutes(5)).getEpochSecond());
            return c;
        }))).isEqualTo("token_not_yet_valid");
    }

    @Test
    void a_broker_token_for_another_audience_is_audience_mismatch() {
        assertThat(reasonFor(brokerSigned(c -> {
            c.put("aud", "payments-api");
            return c;
        }))).isEqualTo("audience_mismatch");
        assertThat(reasonFor(brokerSigned(c -> {
            c.put("aud", List.of(AUDIENCE, "payments-api"));
            return c;
        }))).as("an admin audience among others").isEqualTo("audience_mismatch");
    }

    @Test
    void a_token_naming_another_issuer_is_issuer_mismatch() {
        assertThat(reasonFor(brokerSigned(c -> {
            c.put("iss", "http://127.0.0.1:8081");
            return c;
        }))).isEqualTo("issuer_mismatch");
    }

    @Test
    void an_internal_token_of_the_broker_is_not_an_admin_token() {
        InternalTokenMinter internal = new InternalTokenMinter(signer, clock, issuer);
        String token = internal.mint(new InternalTarget(AUDIENCE, List.of(), Duration.ofMinutes(5), Map.of("permissions", List.of("read")),
                InternalTarget.Algorithm.ES256), grant("operators")).token();
        assertThat(reasonFor(token)).as("even with the admin audience and a permissions claim").isEqualTo("not_an_admin_token");
    }

    @Test
    void an_hmac_token_is_algorithm_not_allowed() throws Exception {
        // The classic confusion: the broker's public key bytes as an HMAC secret.
        byte[] secret = ring.snapshot().active(SigningAlgorithm.ES256).orElseThrow().keyPair().getPublic().getEncoded();
        assertThat(reasonFor(jose(claims(), "HS256", activeKid(), new HmacKey(secret)))).isEqualTo("algorithm_not_allowed");
    }

    @Test
    void an_unsigned_token_is_algorithm_not_allowed() throws Exception {
        String header = B64.encodeToString(("{\"alg\":\"none\",\"kid\":\"" + activeKid() + "\",\"typ\":\"" + AdminTokens.TYP + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(JSON.writeValueAsBytes(claims()));
        assertThat(reasonFor(header + "." + payload + ".c2ln")).isEqualTo("algorithm_not_allowed");
    }

    @Test
    void a_token_naming_a_key_the_broker_does_not_publish_is_key_not_found() throws Exception {
        PublicJsonWebKey other = TestKeys.ec("other");
        assertThat(reasonFor(jose(claims(), "ES256", "not-a-broker-kid", other.getPrivateKey()))).isEqualTo("key_not_found");
    }

    @Test
    void a_token_signed_by_a_key_since_retired_is_key_retired() {
        clock.advance(Duration.ofHours(23));
        ring.rotate(); // the successor is published, to sign from hour 24
        clock.advance(Duration.ofMinutes(50));
        String old = activeKid();
        String token = brokerSigned(c -> {
            c.put("exp", clock.instant().plus(Duration.ofMinutes(30)).getEpochSecond());
            return c;
        });
        clock.advance(Duration.ofMinutes(11));
        assertThat(ring.rotate()).isTrue();
        assertThat(activeKid()).isNotEqualTo(old);
        assertThat(ring.snapshot().document().text()).as("still published for relying parties").contains(old);
        assertThat(reasonFor(token)).isEqualTo("key_retired");
    }

    @Test
    void an_unsynchronized_shared_revocation_list_refuses_with_503_and_retry_after_not_a_500() {
        // Clustered: the list was never read from the store, so no token can be checked against it.
        RevocationStore store = new RevocationStore() {
            @Override
            public void save(Revocation revocation) {}

            @Override
            public boolean delete(Revocation.Kind kind, String value) {
                return false;
            }
        };
        AdminAccess clustered = new AdminAccess(() -> ring.snapshot().document(), ring, issuer, config(AdminConfig.Auth.REQUIRED),
                new Revocations(clock, store, java.time.Duration.ofSeconds(5)), clock);
        String token = adminToken(AdminPermission.READ);
        try {
            clustered.authenticate(token);
            throw new AssertionError("accepted without a revocation check");
        } catch (AdminRefusal r) {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.reason()).isEqualTo("revocations_unavailable");
            assertThat(r.retryAfter()).isPresent();
            assertThat(r.body()).containsEntry("error", "temporarily_unavailable");
        }
    }

    @Test
    void a_revoked_role_operator_or_token_id_is_revoked() {
        String token = adminToken(AdminPermission.READ);
        revocations.add(Revocation.Kind.ROLE, "operators", "test", null);
        assertThat(reasonFor(token)).isEqualTo("revoked");
        revocations.remove(Revocation.Kind.ROLE, "operators");
        revocations.add(Revocation.Kind.SUBJECT, Revocation.subjectKey("cluster", "system:serviceaccount:wif-broker:wif-broker-operator"), "t", null);
        assertThat(reasonFor(token)).isEqualTo("revoked");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not a JWT", (Function<AdminAccessTest, String>) t -> "not-a-token"),
                Arguments.of("a permission this broker does not know", (Function<AdminAccessTest, String>) t -> t.brokerSigned(c -> {
                    c.put("permissions", List.of("read", "root"));
                    return c;
                })),
                Arguments.of("no permissions", (Function<AdminAccessTest, String>) t -> t.brokerSigned(c -> {
                    c.remove("permissions");
                    return c;
                })),
                Arguments.of("no subject", (Function<AdminAccessTest, String>) t -> t.brokerSigned(c -> {
                    c.remove("sub");
                    return c;
                })),
                Arguments.of("no act", (Function<AdminAccessTest, String>) t -> t.brokerSigned(c -> {
                    c.remove("act");
                    return c;
                })));
    }

    @ParameterizedTest(name = "{0} -> token_malformed")
    @MethodSource("malformed")
    void malformed_tokens_are_refused(String name, Function<AdminAccessTest, String> token) {
        assertThat(reasonFor(token.apply(this))).isEqualTo("token_malformed");
    }

    @Test
    void none_is_refused_at_start_off_loopback_and_the_demo_issuer_is_named() {
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.NONE, "127.0.0.1", true)).isEmpty();
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.NONE, "::1", false)).isEmpty();
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.REQUIRED, "0.0.0.0", false)).isEmpty();
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.NONE, "0.0.0.0", false)).get().asString()
                .contains("broker.admin.auth=none is allowed only on a loopback management interface");
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.NONE, "10.0.0.5", true)).get().asString()
                .contains("demo issuer").contains("10.0.0.5");
    }

    @Test
    void the_demo_issuer_is_refused_off_loopback_even_with_authentication_required() {
        // Its tokens are trusted by the sample operator role: anyone reaching it could mint an admin token.
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.REQUIRED, "0.0.0.0", true)).get().asString()
                .contains("demo issuer").contains("0.0.0.0").contains("operator roles");
        assertThat(AdminAuthGuard.refusal(AdminConfig.Auth.REQUIRED, "127.0.0.1", true)).isEmpty();
    }
}
