package dev.wifbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.identity.issuer.IssuerSpec;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.issuer.ReplayMode;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.PinnedKeySource;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.TestProvider;
import dev.wifbroker.testing.UnderBothProviders;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile tokens against {@link TokenVerifier}, each with the exact {@link Reason} it must get, plus
 * the positive cases. Keys are generated here (RSA-2048 and EC P-256 with jose4j), pinned in memory,
 * and the clock is fixed, so nothing touches the network and every case is deterministic in outcome.
 *
 * <p>Issuers: {@code github} is github.com ({@code https://token.actions.githubusercontent.com},
 * RS256 only, JWKS with the RSA key and an EC key); {@code ghes} is a GitHub Enterprise Server
 * ({@code https://ghes.example.com/_services/token}, RS256 and ES256, same keys).
 *
 * <p>The whole class runs twice: on the JDK providers alone and with the native provider installed first.
 */
class HostileTokenTest extends UnderBothProviders {

    static final String GITHUB = "https://token.actions.githubusercontent.com";
    static final String GHES = "https://ghes.example.com/_services/token";
    static final String AUDIENCE = "https://broker.example.com";
    static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    static final long T = NOW.getEpochSecond();
    static final ObjectMapper JSON = new ObjectMapper();

    static final RsaJsonWebKey RSA = rsa("rsa-1");
    static final EllipticCurveJsonWebKey EC = ec("ec-1");
    static final RsaJsonWebKey ATTACKER_RSA = rsa("attacker-rsa");
    static final EllipticCurveJsonWebKey ATTACKER_EC = ec("attacker-ec");
    static final BigInteger P256_ORDER = EllipticCurves.P256.getOrder();

    static final TokenVerifier VERIFIER = new TokenVerifier(lookup(), VerifierSettings.defaults(),
            Clock.fixed(NOW, ZoneOffset.UTC));

    // ---------------------------------------------------------------- fixtures

    private static RsaJsonWebKey rsa(String kid) {
        try {
            RsaJsonWebKey k = RsaJwkGenerator.generateJwk(2048);
            k.setKeyId(kid);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EllipticCurveJsonWebKey ec(String kid) {
        try {
            EllipticCurveJsonWebKey k = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            k.setKeyId(kid);
            return k;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static IssuerLookup lookup() {
        String jwks = "{\"keys\":[" + RSA.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + ","
                + EC.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY) + "]}";
        JwksSnapshot snapshot = JwksSnapshot.parse(jwks, NOW.minus(Duration.ofMinutes(5)));
        assertThat(snapshot.keys()).hasSize(2);
        Map<String, TrustedIssuer> issuers = new LinkedHashMap<>();
        issuers.put(GITHUB, issuer("github", GITHUB, Set.of("RS256"), snapshot));
        issuers.put(GHES, issuer("ghes", GHES, Set.of("RS256", "ES256"), snapshot));
        return new IssuerLookup() {
            @Override
            public Optional<TrustedIssuer> byUrl(String iss) {
                return Optional.ofNullable(issuers.get(iss));
            }

            @Override
            public Collection<TrustedIssuer> all() {
                return issuers.values();
            }
        };
    }

    private static TrustedIssuer issuer(String name, String url, Set<String> algs, JwksSnapshot snapshot) {
        IssuerSpec spec = new IssuerSpec(name, IssuerProfiles.of(ProfileKind.GITHUB_ACTIONS), url, List.of(AUDIENCE),
                new JwksSpec.Pinned(snapshot, "test"), algs, Duration.ofSeconds(60), Duration.ofMinutes(15),
                Duration.ofHours(1), ReplayMode.ALLOW, false, "hostile-token fixture", "HostileTokenTest");
        return new TrustedIssuer(spec, new PinnedKeySource(snapshot));
    }

    /** A realistic github.com claim set (client-protocols.md §5.1): nbf = iat - 600, exp = iat + 300. */
    static Map<String, Object> claims() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jti", "7f1c3a9e-5b2d-4c8a-9e61-0d2f4b6a8c31");
        c.put("sub", "repo:octo-org/octo-repo:environment:prod");
        c.put("environment", "prod");
        c.put("aud", AUDIENCE);
        c.put("ref", "refs/heads/main");
        c.put("sha", "d6fde92930d4715a2b49857d24b940956b26d2d3");
        c.put("repository", "octo-org/octo-repo");
        c.put("repository_owner", "octo-org");
        c.put("actor_id", "12");
        c.put("repository_visibility", "private");
        c.put("repository_id", "74");
        c.put("repository_owner_id", "65");
        c.put("run_id", "9876543210");
        c.put("run_number", "10");
        c.put("run_attempt", "2");
        c.put("runner_environment", "github-hosted");
        c.put("actor", "octocat");
        c.put("workflow", "deploy");
        c.put("head_ref", "");
        c.put("base_ref", "");
        c.put("event_name", "workflow_dispatch");
        c.put("ref_type", "branch");
        c.put("workflow_ref", "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main");
        c.put("workflow_sha", "d6fde92930d4715a2b49857d24b940956b26d2d3");
        c.put("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main");
        c.put("job_workflow_sha", "d6fde92930d4715a2b49857d24b940956b26d2d3");
        c.put("iss", GITHUB);
        long iat = T - 30;
        c.put("nbf", iat - 600);
        c.put("exp", iat + 300);
        c.put("iat", iat);
        return c;
    }

    static Map<String, Object> claims(Consumer<Map<String, Object>> change) {
        Map<String, Object> c = claims();
        change.accept(c);
        return c;
    }

    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("alg", alg);
        if (kid != null) {
            h.put("kid", kid);
        }
        h.put("typ", "JWT");
        return h;
    }

    // ---------------------------------------------------------------- token building

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs raw header and payload JSON text (so tests can send what no JSON library would write). */
    static String signRaw(String headerJson, String payloadJson, String alg, Object key) {
        String input = b64(headerJson) + "." + b64(payloadJson);
        return input + "." + b64(signature(alg, key, input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String sign(Map<String, Object> header, Map<String, Object> claims, Object key) {
        return signRaw(json(header), json(claims), (String) header.get("alg"), key);
    }

    static String rs256(Map<String, Object> claims) {
        return sign(header("RS256", "rsa-1"), claims, RSA.getPrivateKey());
    }

    static String es256(Map<String, Object> claims) {
        return sign(header("ES256", "ec-1"), claims, EC.getPrivateKey());
    }

    static String validRs256() {
        return rs256(claims());
    }

    static String validEs256() {
        return es256(claims(c -> c.put("iss", GHES)));
    }

    static byte[] signature(String alg, Object key, byte[] input) {
        try {
            switch (alg) {
                case "RS256" -> {
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initSign((PrivateKey) key);
                    s.update(input);
                    return s.sign();
                }
                case "ES256" -> {
                    Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
                    s.initSign((PrivateKey) key);
                    s.update(input);
                    return s.sign();
                }
                case "ES256-DER" -> {
                    Signature s = Signature.getInstance("SHA256withECDSA");
                    s.initSign((PrivateKey) key);
                    s.update(input);
                    return s.sign();
                }
                case "HS256", "HS512" -> {
                    String name = alg.equals("HS256") ? "HmacSHA256" : "HmacSHA512";
                    Mac mac = Mac.getInstance(name);
                    mac.init(new SecretKeySpec((byte[]) key, name));
                    return mac.doFinal(input);
                }
                default -> throw new IllegalArgumentException(alg);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String[] parts(String token) {
        return token.split("\\.", -1);
    }

    static String withSignature(String token, byte[] signature) {
        String[] p = parts(token);
        return p[0] + "." + p[1] + "." + b64(signature);
    }

    static byte[] signatureOf(String token) {
        return Base64.getUrlDecoder().decode(parts(token)[2]);
    }

    /** An ES256 signature of the right message with r or s replaced. */
    static String es256With(BigInteger r, BigInteger s) {
        String token = validEs256();
        byte[] sig = signatureOf(token);
        BigInteger realR = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32));
        BigInteger realS = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
        byte[] out = new byte[64];
        put32(r == null ? realR : r, out, 0);
        put32(s == null ? realS : s, out, 32);
        return withSignature(token, out);
    }

    private static void put32(BigInteger v, byte[] out, int offset) {
        byte[] b = v.toByteArray();
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, offset + 32 - len, len);
    }

    /** A token whose signature part has a character replaced at {@code index} (from the start of the part). */
    static String tamperSignatureText(String token, int index, char c) {
        String[] p = parts(token);
        StringBuilder s = new StringBuilder(p[2]);
        s.setCharAt(index, c);
        return p[0] + "." + p[1] + "." + s;
    }

    /** The same signature bytes spelled with non-zero unused trailing bits in the last base64url character. */
    static String nonCanonicalSignature(String token) {
        String[] p = parts(token);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = p[2].charAt(p[2].length() - 1);
        char other = alphabet.charAt(alphabet.indexOf(last) | 1);
        String spelled = p[2].substring(0, p[2].length() - 1) + other;
        assertThat(Base64.getUrlDecoder().decode(spelled)).isEqualTo(Base64.getUrlDecoder().decode(p[2]));
        return p[0] + "." + p[1] + "." + spelled;
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static String withHeaderMember(String name, String rawJsonValue, String kid, Object signingKey) {
        String header = "{\"alg\":\"RS256\"," + (kid == null ? "" : "\"kid\":\"" + kid + "\",") + "\"typ\":\"JWT\",\""
                + name + "\":" + rawJsonValue + "}";
        return signRaw(header, json(claims()), "RS256", signingKey);
    }

    static String attackerJwk() {
        return ATTACKER_RSA.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    // ---------------------------------------------------------------- the cases

    record Case(String name, Supplier<String> token, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case refused(String name, Reason reason, Supplier<String> token) {
        return new Case(name, token, reason);
    }

    static Stream<Arguments> hostileTokens() {
        List<Case> cases = new ArrayList<>();
        Reason malformed = Reason.TOKEN_MALFORMED;

        // alg none, every spelling: with a (meaningless) signature the alg check is what refuses it.
        for (String none : List.of("none", "None", "NONE", "nOnE", "")) {
            cases.add(refused("alg '" + none + "' with a signature", Reason.ALGORITHM_NOT_ALLOWED,
                    () -> withSignature(signRaw(json(header(none, "rsa-1")), json(claims()), "RS256", RSA.getPrivateKey()),
                            signatureOf(validRs256()))));
            cases.add(refused("alg '" + none + "' with no signature", malformed, () -> {
                String[] p = parts(rs256(claims()));
                return b64(json(header(none, "rsa-1"))) + "." + p[1] + ".";
            }));
        }
        cases.add(refused("alg missing", malformed, () -> signRaw("{\"kid\":\"rsa-1\"}", json(claims()), "RS256",
                RSA.getPrivateKey())));
        cases.add(refused("alg is a number", malformed, () -> signRaw("{\"alg\":256,\"kid\":\"rsa-1\"}", json(claims()),
                "RS256", RSA.getPrivateKey())));

        // Key confusion: HS256 keyed with the issuer's RSA public key in every form an attacker might guess.
        cases.add(refused("HS256 keyed with the RSA public key (DER)", Reason.ALGORITHM_NOT_ALLOWED,
                () -> sign(header("HS256", "rsa-1"), claims(), RSA.getPublicKey().getEncoded())));
        cases.add(refused("HS256 keyed with the RSA public key (PEM)", Reason.ALGORITHM_NOT_ALLOWED,
                () -> sign(header("HS256", "rsa-1"), claims(), pem(RSA.getPublicKey().getEncoded())
                        .getBytes(StandardCharsets.US_ASCII))));
        cases.add(refused("HS256 keyed with the RSA public JWK text", Reason.ALGORITHM_NOT_ALLOWED,
                () -> sign(header("HS256", "rsa-1"), claims(), RSA.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                        .getBytes(StandardCharsets.UTF_8))));
        cases.add(refused("HS256 keyed with the RSA modulus", Reason.ALGORITHM_NOT_ALLOWED,
                () -> sign(header("HS256", "rsa-1"), claims(), RSA.getRsaPublicKey().getModulus().toByteArray())));
        cases.add(refused("HS512 keyed with the RSA public key (DER)", Reason.ALGORITHM_NOT_ALLOWED,
                () -> withSignature(sign(header("HS512", "rsa-1"), claims(), RSA.getPublicKey().getEncoded()), new byte[64])));

        // Keys carried in the token are never used: signed with the attacker's key that the header carries.
        cases.add(refused("embedded jwk (attacker key) under the issuer's kid", Reason.SIGNATURE_INVALID,
                () -> withHeaderMember("jwk", attackerJwk(), "rsa-1", ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("embedded jwk (attacker key) without kid", Reason.SIGNATURE_INVALID,
                () -> withHeaderMember("jwk", attackerJwk(), null, ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("embedded jwk (attacker key) with the attacker's kid", Reason.KEY_NOT_FOUND,
                () -> withHeaderMember("jwk", attackerJwk(), "attacker-rsa", ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("jku pointing at the attacker's JWKS", Reason.SIGNATURE_INVALID,
                () -> withHeaderMember("jku", "\"https://attacker.example/jwks.json\"", "rsa-1", ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("x5u pointing at the attacker's certificate", Reason.SIGNATURE_INVALID,
                () -> withHeaderMember("x5u", "\"https://attacker.example/cert.pem\"", "rsa-1", ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("x5c carrying the attacker's key", Reason.SIGNATURE_INVALID,
                () -> withHeaderMember("x5c", "[\"" + Base64.getEncoder().encodeToString(ATTACKER_RSA.getPublicKey().getEncoded())
                        + "\"]", "rsa-1", ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("x5t#S256 and x5c with the attacker's key, no kid", Reason.SIGNATURE_INVALID,
                () -> withHeaderMember("x5c", "[\"" + Base64.getEncoder().encodeToString(ATTACKER_RSA.getPublicKey().getEncoded())
                        + "\"]", null, ATTACKER_RSA.getPrivateKey())));

        // Key ids and signatures.
        cases.add(refused("unknown kid", Reason.KEY_NOT_FOUND, () -> sign(header("RS256", "rsa-2"), claims(),
                RSA.getPrivateKey())));
        cases.add(refused("attacker signature under a valid kid", Reason.SIGNATURE_INVALID,
                () -> sign(header("RS256", "rsa-1"), claims(), ATTACKER_RSA.getPrivateKey())));
        cases.add(refused("attacker ES256 signature under a valid kid", Reason.SIGNATURE_INVALID,
                () -> sign(header("ES256", "ec-1"), claims(c -> c.put("iss", GHES)), ATTACKER_EC.getPrivateKey())));
        cases.add(refused("stripped signature", malformed, () -> {
            String[] p = parts(validRs256());
            return p[0] + "." + p[1] + ".";
        }));
        cases.add(refused("truncated signature (one byte short)", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validRs256());
            return withSignature(validRs256(), Arrays.copyOf(s, s.length - 1));
        }));
        cases.add(refused("truncated signature (half)", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validRs256());
            return withSignature(validRs256(), Arrays.copyOf(s, s.length / 2));
        }));
        cases.add(refused("truncated signature text (impossible base64url length)", malformed, () -> {
            String t = validRs256();
            return t.substring(0, t.length() - 1); // 342 -> 341 characters: 341 mod 4 = 1 is no base64 length
        }));
        cases.add(refused("RS256 signature with an extra leading zero byte (257 bytes)", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validRs256());
            byte[] longer = new byte[s.length + 1];
            System.arraycopy(s, 0, longer, 1, s.length);
            return withSignature(validRs256(), longer);
        }));
        cases.add(refused("RS256 signature with its leading zero byte stripped (255 bytes)", Reason.SIGNATURE_INVALID, () -> {
            for (int i = 0; i < 20_000; i++) {
                int n = i;
                String t = rs256(claims(c -> c.put("jti", "leading-zero-" + n)));
                byte[] s = signatureOf(t);
                if (s[0] == 0) {
                    return withSignature(t, Arrays.copyOfRange(s, 1, s.length));
                }
            }
            throw new IllegalStateException("no signature with a leading zero byte in 20000 tries");
        }));
        cases.add(refused("bit-flipped signature (first byte)", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validRs256());
            s[0] ^= 0x01;
            return withSignature(validRs256(), s);
        }));
        cases.add(refused("bit-flipped signature (last byte)", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validRs256());
            s[s.length - 1] ^= (byte) 0x80;
            return withSignature(validRs256(), s);
        }));
        cases.add(refused("bit-flipped ES256 signature", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validEs256());
            s[40] ^= 0x10;
            return withSignature(validEs256(), s);
        }));
        cases.add(refused("tampered payload (repository swapped, signature kept)", Reason.SIGNATURE_INVALID, () -> {
            String[] p = parts(validRs256());
            return p[0] + "." + b64(json(claims(c -> c.put("repository", "evil-org/evil-repo")))) + "." + p[2];
        }));
        cases.add(refused("tampered header (kid kept, typ changed)", Reason.SIGNATURE_INVALID, () -> {
            String[] p = parts(validRs256());
            Map<String, Object> h = header("RS256", "rsa-1");
            h.put("typ", "at+jwt");
            return b64(json(h)) + "." + p[1] + "." + p[2];
        }));

        // Time.
        cases.add(refused("expired", Reason.TOKEN_EXPIRED, () -> rs256(claims(c -> {
            c.put("iat", T - 500);
            c.put("nbf", T - 1100);
            c.put("exp", T - 200);
        }))));
        cases.add(refused("nbf in the future", Reason.TOKEN_NOT_YET_VALID, () -> rs256(claims(c -> c.put("nbf", T + 300)))));
        cases.add(refused("iat in the future", Reason.TOKEN_NOT_YET_VALID, () -> rs256(claims(c -> {
            c.put("iat", T + 300);
            c.put("nbf", T + 300);
            c.put("exp", T + 600);
        }))));
        cases.add(refused("exp missing", malformed, () -> rs256(claims(c -> c.remove("exp")))));
        cases.add(refused("exp as a string", malformed, () -> rs256(claims(c -> c.put("exp", String.valueOf(T + 300))))));
        cases.add(refused("iat missing", malformed, () -> rs256(claims(c -> c.remove("iat")))));
        cases.add(refused("lifetime over the maximum (2 h)", Reason.TOKEN_TOO_OLD, () -> rs256(claims(c -> c.put("exp",
                T - 30 + 7200)))));
        cases.add(refused("iat too old (20 min, still unexpired)", Reason.TOKEN_TOO_OLD, () -> rs256(claims(c -> {
            c.put("iat", T - 1200);
            c.put("nbf", T - 1800);
            c.put("exp", T + 300);
        }))));
        cases.add(refused("iat = Long.MIN_VALUE (age and lifetime arithmetic overflow)", malformed, () -> rs256(claims(c -> {
            c.put("iat", Long.MIN_VALUE);
            c.put("nbf", T - 60);
        }))));
        cases.add(refused("exp = Long.MAX_VALUE", malformed, () -> rs256(claims(c -> c.put("exp", Long.MAX_VALUE)))));
        cases.add(refused("exp = 2^63 (beyond long)", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()).replaceFirst("\"exp\":\\d+", "\"exp\":9223372036854775808"), "RS256", RSA.getPrivateKey())));
        cases.add(refused("exp = 1e300", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()).replaceFirst("\"exp\":\\d+", "\"exp\":1e300"), "RS256", RSA.getPrivateKey())));
        cases.add(refused("exp before iat", malformed, () -> rs256(claims(c -> c.put("exp", T - 60)))));

        // Issuer.
        cases.add(refused("wrong issuer", Reason.ISSUER_NOT_TRUSTED, () -> rs256(claims(c -> c.put("iss", "https://gitlab.com")))));
        cases.add(refused("issuer with a trailing slash", Reason.ISSUER_NOT_TRUSTED, () -> rs256(claims(c -> c.put("iss",
                GITHUB + "/")))));
        cases.add(refused("issuer in another case", Reason.ISSUER_NOT_TRUSTED, () -> rs256(claims(c -> c.put("iss",
                "https://Token.Actions.GitHubUserContent.com")))));
        cases.add(refused("look-alike issuer prefix", Reason.ISSUER_NOT_TRUSTED, () -> rs256(claims(c -> c.put("iss",
                GITHUB + ".evil.com")))));
        cases.add(refused("issuer over http", Reason.ISSUER_NOT_TRUSTED, () -> rs256(claims(c -> c.put("iss",
                "http://token.actions.githubusercontent.com")))));
        cases.add(refused("issuer missing", malformed, () -> rs256(claims(c -> c.remove("iss")))));
        cases.add(refused("issuer as a list", malformed, () -> rs256(claims(c -> c.put("iss", List.of(GITHUB))))));

        // Audience.
        cases.add(refused("aud missing", Reason.AUDIENCE_MISMATCH, () -> rs256(claims(c -> c.remove("aud")))));
        cases.add(refused("aud wrong", Reason.AUDIENCE_MISMATCH, () -> rs256(claims(c -> c.put("aud",
                "https://github.com/octo-org")))));
        cases.add(refused("aud empty list", Reason.AUDIENCE_MISMATCH, () -> rs256(claims(c -> c.put("aud", List.of())))));
        cases.add(refused("aud with a trailing slash", Reason.AUDIENCE_MISMATCH, () -> rs256(claims(c -> c.put("aud",
                AUDIENCE + "/")))));

        // Structure.
        cases.add(refused("unknown crit extension", malformed, () -> withHeaderMember("crit", "[\"exp-ext\"]", "rsa-1",
                RSA.getPrivateKey())));
        cases.add(refused("empty crit list", malformed, () -> withHeaderMember("crit", "[]", "rsa-1", RSA.getPrivateKey())));
        cases.add(refused("b64 false (unencoded payload)", malformed, () -> withHeaderMember("b64", "false", "rsa-1",
                RSA.getPrivateKey())));
        cases.add(refused("JWE (5 parts)", malformed, () -> b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\",\"kid\":\"rsa-1\"}")
                + "." + b64(new byte[256]) + "." + b64(new byte[12]) + "." + b64(json(claims())) + "." + b64(new byte[16])));
        cases.add(refused("enc in a 3-part header", malformed, () -> withHeaderMember("enc", "\"A256GCM\"", "rsa-1",
                RSA.getPrivateKey())));
        cases.add(refused("2 parts", malformed, () -> {
            String[] p = parts(validRs256());
            return p[0] + "." + p[1];
        }));
        cases.add(refused("4 parts", malformed, () -> validRs256() + "." + parts(validRs256())[2]));
        cases.add(refused("1 part", malformed, () -> parts(validRs256())[0]));
        cases.add(refused("empty token", malformed, () -> ""));
        cases.add(refused("base64 padding '=' in the header", malformed, () -> {
            String[] p = parts(validRs256());
            return p[0] + "=." + p[1] + "." + p[2];
        }));
        cases.add(refused("base64 padding '==' in the signature", malformed, () -> validRs256() + "=="));
        cases.add(refused("'+' in the signature (standard base64)", malformed, () -> tamperSignatureText(validRs256(), 5, '+')));
        cases.add(refused("'/' in the signature (standard base64)", malformed, () -> tamperSignatureText(validRs256(), 5, '/')));
        cases.add(refused("space inside the payload", malformed, () -> {
            String[] p = parts(validRs256());
            return p[0] + "." + p[1].substring(0, 10) + " " + p[1].substring(10) + "." + p[2];
        }));
        cases.add(refused("newline inside the signature", malformed, () -> {
            String[] p = parts(validRs256());
            return p[0] + "." + p[1] + "." + p[2].substring(0, 40) + "\n" + p[2].substring(40);
        }));
        cases.add(refused("leading whitespace", malformed, () -> " " + validRs256()));
        cases.add(refused("trailing newline", malformed, () -> validRs256() + "\n"));
        cases.add(refused("non-canonical base64url (unused bits set)", malformed, () -> nonCanonicalSignature(validRs256())));
        cases.add(refused("oversized token (signed, 20 KiB claim)", malformed, () -> rs256(claims(c -> c.put("padding",
                "x".repeat(20 * 1024))))));
        cases.add(refused("deeply nested JSON in the payload (depth 64)", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()).replaceFirst("\\{", "{\"deep\":" + nested(64) + ","), "RS256", RSA.getPrivateKey())));
        cases.add(refused("deeply nested JSON in the header (depth 64)", malformed, () -> withHeaderMember("x",
                nested(64), "rsa-1", RSA.getPrivateKey())));
        cases.add(refused("duplicate header key (alg)", malformed, () -> signRaw(
                "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"alg\":\"none\"}", json(claims()), "RS256", RSA.getPrivateKey())));
        cases.add(refused("duplicate header key (kid)", malformed, () -> signRaw(
                "{\"alg\":\"RS256\",\"kid\":\"rsa-2\",\"kid\":\"rsa-1\"}", json(claims()), "RS256", RSA.getPrivateKey())));
        cases.add(refused("duplicate payload key (iss)", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()).replaceFirst("\\{", "{\"iss\":\"https://evil.example\","), "RS256", RSA.getPrivateKey())));
        cases.add(refused("duplicate payload key (sub)", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()).replaceFirst("\\{", "{\"sub\":\"repo:evil-org/evil-repo:ref:refs/heads/main\","), "RS256",
                RSA.getPrivateKey())));
        cases.add(refused("sub missing", malformed, () -> rs256(claims(c -> c.remove("sub")))));
        cases.add(refused("sub empty", malformed, () -> rs256(claims(c -> c.put("sub", "")))));
        cases.add(refused("payload with invalid UTF-8", malformed, () -> {
            byte[] payload = json(claims(c -> c.put("actor", "octo@@cat"))).getBytes(StandardCharsets.UTF_8);
            String text = new String(payload, StandardCharsets.ISO_8859_1).replace("@@", "\u00c3\u0028");
            byte[] bad = text.getBytes(StandardCharsets.ISO_8859_1);
            String input = b64(json(header("RS256", "rsa-1"))) + "." + b64(bad);
            return input + "." + b64(signature("RS256", RSA.getPrivateKey(), input.getBytes(StandardCharsets.US_ASCII)));
        }));
        cases.add(refused("payload starting with a UTF-8 BOM", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                "\ufeff" + json(claims()), "RS256", RSA.getPrivateKey())));
        cases.add(refused("number longer than 64 digits", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()).replaceFirst("\\{", "{\"n\":1" + "0".repeat(80) + ","), "RS256", RSA.getPrivateKey())));
        cases.add(refused("payload is a JSON array", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                "[" + json(claims()) + "]", "RS256", RSA.getPrivateKey())));
        cases.add(refused("payload with trailing garbage", malformed, () -> signRaw(json(header("RS256", "rsa-1")),
                json(claims()) + "{}", "RS256", RSA.getPrivateKey())));
        cases.add(refused("kid is a number", malformed, () -> signRaw("{\"alg\":\"RS256\",\"kid\":1}", json(claims()), "RS256",
                RSA.getPrivateKey())));

        // ECDSA edge values: P1363 r || s with r or s = 0 or = n (the group order).
        cases.add(refused("ES256 r = 0", Reason.SIGNATURE_INVALID, () -> es256With(BigInteger.ZERO, null)));
        cases.add(refused("ES256 s = 0", Reason.SIGNATURE_INVALID, () -> es256With(null, BigInteger.ZERO)));
        cases.add(refused("ES256 r = s = 0", Reason.SIGNATURE_INVALID, () -> es256With(BigInteger.ZERO, BigInteger.ZERO)));
        cases.add(refused("ES256 r = n", Reason.SIGNATURE_INVALID, () -> es256With(P256_ORDER, null)));
        cases.add(refused("ES256 s = n", Reason.SIGNATURE_INVALID, () -> es256With(null, P256_ORDER)));
        cases.add(refused("ES256 r = s = n", Reason.SIGNATURE_INVALID, () -> es256With(P256_ORDER, P256_ORDER)));
        cases.add(refused("ES256 r = r + n (same value mod n)", Reason.SIGNATURE_INVALID, () -> {
            byte[] sig = signatureOf(validEs256());
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, 32)).add(P256_ORDER);
            // only representable in 32 bytes when r + n < 2^256; otherwise fall back to s + n
            if (r.bitLength() <= 256) {
                return es256With(r, null);
            }
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).add(P256_ORDER);
            return s.bitLength() <= 256 ? es256With(null, s) : es256With(P256_ORDER, null);
        }));
        cases.add(refused("ES256 signature DER-encoded (right message)", Reason.SIGNATURE_INVALID, () -> {
            String t = validEs256();
            String[] p = parts(t);
            return withSignature(t, signature("ES256-DER", EC.getPrivateKey(),
                    (p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII)));
        }));
        cases.add(refused("ES256 signature with a leading zero byte (65 bytes)", Reason.SIGNATURE_INVALID, () -> {
            byte[] s = signatureOf(validEs256());
            byte[] longer = new byte[65];
            System.arraycopy(s, 0, longer, 1, 64);
            return withSignature(validEs256(), longer);
        }));

        // Algorithm and key family confusion.
        cases.add(refused("ES256 token under an RS256-only issuer", Reason.ALGORITHM_NOT_ALLOWED,
                () -> es256(claims())));
        cases.add(refused("RS256 token naming the EC key's kid", Reason.KEY_NOT_FOUND,
                () -> sign(header("RS256", "ec-1"), claims(), RSA.getPrivateKey())));
        cases.add(refused("ES256 token naming the RSA key's kid", Reason.KEY_NOT_FOUND,
                () -> sign(header("ES256", "rsa-1"), claims(c -> c.put("iss", GHES)), EC.getPrivateKey())));
        cases.add(refused("PS256 (supported, not allowed for the issuer)", Reason.ALGORITHM_NOT_ALLOWED,
                () -> withSignature(sign(header("RS256", "rsa-1"), claims(), RSA.getPrivateKey()), new byte[256])
                        .replaceFirst("^[^.]+", b64(json(header("PS256", "rsa-1"))))));
        cases.add(refused("ES384 (not allowed)", Reason.ALGORITHM_NOT_ALLOWED,
                () -> withSignature(es256(claims(c -> c.put("iss", GHES))), new byte[96])
                        .replaceFirst("^[^.]+", b64(json(header("ES384", "ec-1"))))));

        return cases.stream().map(c -> Arguments.of(c.name(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void hostileTokenIsRefusedWithTheExactReason(String name, Case c) {
        String token = c.token().get();
        assertThatThrownBy(() -> VERIFIER.verify(token))
                .as(name)
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason())
                        .as(name + ": " + e.getMessage())
                        .isEqualTo(c.reason()));
    }

    static Stream<Arguments> headerMembersOfTheWrongType() {
        return Stream.of(
                Arguments.of("typ is a number", "typ", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":1}"),
                Arguments.of("typ is an object", "typ", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":{\"a\":\"JWT\"}}"),
                Arguments.of("typ is a list", "typ", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":[\"JWT\"]}"),
                Arguments.of("typ is null", "typ", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":null}"),
                Arguments.of("typ is true", "typ", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":true}"),
                Arguments.of("cty is a number", "cty", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"cty\":7}"),
                Arguments.of("cty is a list", "cty", "{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"cty\":[\"JWT\"]}"),
                Arguments.of("kid is null", "kid", "{\"alg\":\"RS256\",\"kid\":null}"),
                Arguments.of("kid is a list", "kid", "{\"alg\":\"RS256\",\"kid\":[\"rsa-1\"]}"),
                Arguments.of("kid is an object", "kid", "{\"alg\":\"RS256\",\"kid\":{\"id\":\"rsa-1\"}}"),
                Arguments.of("alg is a list", "alg", "{\"alg\":[\"RS256\"],\"kid\":\"rsa-1\"}"),
                Arguments.of("alg is null", "alg", "{\"alg\":null,\"kid\":\"rsa-1\"}"),
                Arguments.of("alg is an object", "alg", "{\"alg\":{\"name\":\"RS256\"},\"kid\":\"rsa-1\"}"));
    }

    /** Validly signed by the issuer's key, so only the member's type can refuse it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("headerMembersOfTheWrongType")
    void headerMemberOfTheWrongTypeIsMalformed(String name, String member, String header) {
        String token = signRaw(header, json(claims()), "RS256", RSA.getPrivateKey());
        assertThatThrownBy(() -> VERIFIER.verify(token))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_MALFORMED))
                .hasMessageContaining("header " + member + " must be a string");
    }

    static Stream<Arguments> critOfAnyType() {
        return Stream.of(Arguments.of("crit is a string", "\"exp\""), Arguments.of("crit is an object", "{\"exp\":1}"),
                Arguments.of("crit is null", "null"), Arguments.of("crit is a number", "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("critOfAnyType")
    void critOfAnyTypeIsMalformed(String name, String crit) {
        String token = withHeaderMember("crit", crit, "rsa-1", RSA.getPrivateKey());
        assertThatThrownBy(() -> VERIFIER.verify(token))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_MALFORMED))
                .hasMessageContaining("critical extensions");
    }

    @Test
    void stringTypAndCtyAreAccepted() throws Exception {
        String token = signRaw("{\"alg\":\"RS256\",\"kid\":\"rsa-1\",\"typ\":\"application/jwt\",\"cty\":\"json\"}",
                json(claims()), "RS256", RSA.getPrivateKey());
        assertThat(VERIFIER.verify(token).identity().issuer()).isEqualTo("github");
    }

    // ---------------------------------------------------------------- positive cases

    static Stream<Arguments> acceptedTokens() {
        return Stream.of(
                Arguments.of("valid RS256 (github.com)", (Supplier<String>) HostileTokenTest::validRs256, "github", "rsa-1", "RS256"),
                Arguments.of("valid ES256 (GHES)", (Supplier<String>) HostileTokenTest::validEs256, "ghes", "ec-1", "ES256"),
                Arguments.of("aud list containing the broker", (Supplier<String>) () -> rs256(claims(c -> c.put("aud",
                        List.of("https://github.com/octo-org", AUDIENCE)))), "github", "rsa-1", "RS256"),
                Arguments.of("no kid: tried against the issuer's RS256 keys", (Supplier<String>) () -> sign(
                        header("RS256", null), claims(), RSA.getPrivateKey()), "github", "rsa-1", "RS256"),
                Arguments.of("expired within the clock skew", (Supplier<String>) () -> rs256(claims(c -> {
                    c.put("iat", T - 330);
                    c.put("nbf", T - 930);
                    c.put("exp", T - 30);
                })), "github", "rsa-1", "RS256"),
                Arguments.of("unknown header members are ignored (x5t)", (Supplier<String>) () -> withHeaderMember("x5t",
                        "\"" + b64(new byte[20]) + "\"", "rsa-1", RSA.getPrivateKey()), "github", "rsa-1", "RS256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedTokens")
    void validTokenVerifiesToTheGitHubIdentity(String name, Supplier<String> token, String issuer, String kid, String alg)
            throws Exception {
        VerifiedToken v = VERIFIER.verify(token.get());
        IdentityView id = v.identity();
        assertThat(JwsSignatures.providerOf(alg).getName()).as("the verification ran on the provider in force")
                .isEqualTo(provider == TestProvider.NATIVE ? "AmazonCorrettoCryptoProvider" : alg.startsWith("RS") ? "SunRsaSign" : "SunEC");
        assertThat(v.keyId()).isEqualTo(kid);
        assertThat(v.algorithm()).isEqualTo(alg);
        assertThat(v.jti()).isEqualTo("7f1c3a9e-5b2d-4c8a-9e61-0d2f4b6a8c31");
        assertThat(v.issuer().name()).isEqualTo(issuer);
        assertThat(id.issuer()).isEqualTo(issuer);
        assertThat(id.profile()).isEqualTo(ProfileKind.GITHUB_ACTIONS);
        assertThat(id.subject()).isEqualTo("repo:octo-org/octo-repo:environment:prod");
        assertThat(id.attributes()).containsEntry("repository", "octo-org/octo-repo")
                .containsEntry("repository_id", "74")
                .containsEntry("repository_owner", "octo-org")
                .containsEntry("repository_owner_id", "65")
                .containsEntry("repository_visibility", "private")
                .containsEntry("ref", "refs/heads/main")
                .containsEntry("ref_type", "branch")
                .containsEntry("environment", "prod")
                .containsEntry("event_name", "workflow_dispatch")
                .containsEntry("workflow_ref", "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main")
                .containsEntry("job_workflow_ref", "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main")
                .containsEntry("runner_environment", "github-hosted")
                .containsEntry("run_id", "9876543210")
                .containsEntry("actor", "octocat")
                .containsEntry("sub_form", "name")
                .containsEntry("sub_repository", "octo-org/octo-repo")
                .containsEntry("sub_context", "environment:prod")
                .doesNotContainKeys("head_ref", "base_ref");
        assertThat(v.expiresAt()).isAfter(NOW.minusSeconds(61));
    }

    @Test
    void immutableSubjectFormParses() throws Exception {
        VerifiedToken v = VERIFIER.verify(rs256(claims(c -> c.put("sub",
                "repo:octo-org@65/octo-repo@74:ref:refs/heads/main"))));
        assertThat(v.identity().attributes()).containsEntry("sub_form", "immutable")
                .containsEntry("sub_repository_owner_id", "65")
                .containsEntry("sub_repository_id", "74")
                .containsEntry("sub_context", "ref:refs/heads/main");
    }

    @Test
    void nearMissIssuerGetsAHintButNoTrust() {
        assertThatThrownBy(() -> VERIFIER.verify(rs256(claims(c -> c.put("iss", GITHUB + "/")))))
                .isInstanceOfSatisfying(VerificationException.class, e -> assertThat(e.getMessage())
                        .contains("must match exactly"));
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
    }

    static {
        // The hostile-token fixtures assume the EC key really is P-256.
        assertThat(((ECPublicKey) EC.getPublicKey()).getParams().getOrder()).isEqualTo(P256_ORDER);
    }
}
