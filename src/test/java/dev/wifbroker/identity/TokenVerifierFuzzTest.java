package dev.wifbroker.identity;

import static dev.wifbroker.identity.HostileTokenTest.ATTACKER_EC;
import static dev.wifbroker.identity.HostileTokenTest.ATTACKER_RSA;
import static dev.wifbroker.identity.HostileTokenTest.EC;
import static dev.wifbroker.identity.HostileTokenTest.GHES;
import static dev.wifbroker.identity.HostileTokenTest.GITHUB;
import static dev.wifbroker.identity.HostileTokenTest.RSA;
import static dev.wifbroker.identity.HostileTokenTest.T;
import static dev.wifbroker.identity.HostileTokenTest.VERIFIER;
import static dev.wifbroker.identity.HostileTokenTest.b64;
import static dev.wifbroker.identity.HostileTokenTest.json;
import static dev.wifbroker.identity.HostileTokenTest.parts;
import static dev.wifbroker.identity.HostileTokenTest.signRaw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;

/**
 * The verifier's security property as a fuzz oracle: a token the trusted keys did not sign exactly as
 * presented never verifies, and nothing but {@link VerificationException} ever escapes {@link TokenVerifier#verify}.
 * Keys and issuers are {@link HostileTokenTest}'s (generated in memory, fixed clock); inputs are in
 * {@code TokenVerifierFuzzTestInputs/}.
 */
class TokenVerifierFuzzTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
    private static final List<String> ALGORITHMS = List.of("RS256", "ES256", "PS256", "RS384", "RS512", "ES384", "ES512",
            "EdDSA", "HS256", "HS512", "none", "NONE", "");
    private static final List<String> CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "repository",
            "repository_id", "ref", "environment", "event_name", "job_workflow_ref");
    private static final List<String> HEADER_EXTRAS = List.of("jwk", "jku", "x5u", "x5c", "typ", "cty", "zip", "kid");
    /** Signed once: ES256 signatures are randomized, and a fixed token keeps every input reproducible. */
    private static final String GENUINE_RS256 = HostileTokenTest.validRs256();
    private static final String GENUINE_ES256 = HostileTokenTest.validEs256();

    /**
     * A token built from fuzzed header, claims and signing choices, signed by anything but the trusted keys
     * over exactly these bytes (attacker keys, HMAC keyed with public key material, garbage, no signature,
     * or a trusted signature transplanted from other content) is refused.
     */
    @FuzzTest
    void forgedTokenNeverVerifies(FuzzedDataProvider data) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", data.consumeBoolean() ? data.pickValue(ALGORITHMS) : data.consumeString(12));
        String kid = data.pickValue(new String[] {"rsa-1", "ec-1", "attacker-rsa", null, "short"});
        if (kid != null) {
            header.put("kid", kid.equals("short") ? data.consumeString(40) : kid);
        }
        int extras = data.consumeInt(0, 3);
        for (int i = 0; i < extras; i++) {
            header.put(data.pickValue(HEADER_EXTRAS), value(data, 2));
        }
        Map<String, Object> claims = HostileTokenTest.claims();
        claims.put("iss", data.pickValue(new String[] {GITHUB, GHES, GITHUB + "/", data.consumeString(60)}));
        claims.put("iat", T - data.consumeLong(-120, 4_000));
        claims.put("exp", (Long) claims.get("iat") + data.consumeLong(-120, 4_000));
        int changes = data.consumeInt(0, 4);
        for (int i = 0; i < changes; i++) {
            String name = data.consumeBoolean() ? data.pickValue(CLAIMS) : data.consumeString(20);
            if (data.consumeBoolean()) {
                claims.remove(name);
            } else {
                claims.put(name, value(data, 2));
            }
        }
        String headerJson = json(header);
        String payloadJson = json(claims);
        String alg = String.valueOf(header.get("alg"));
        String token = switch (data.consumeInt(0, 6)) {
            case 0 -> signRaw(headerJson, payloadJson, "RS256", ATTACKER_RSA.getPrivateKey());
            case 1 -> signRaw(headerJson, payloadJson, "ES256", ATTACKER_EC.getPrivateKey());
            case 2 -> signRaw(headerJson, payloadJson, "HS256", hmacKeyFromPublicMaterial(data));
            case 3 -> b64(headerJson) + "." + b64(payloadJson) + "." + b64(data.consumeBytes(520));
            case 4 -> b64(headerJson) + "." + b64(payloadJson) + ".";
            case 5 -> transplant(headerJson, payloadJson, "RS256", RSA.getPrivateKey(), data);
            default -> transplant(headerJson, payloadJson, "ES256", EC.getPrivateKey(), data);
        };
        if (token == null) {
            return;
        }
        assertRefused(token, "forged " + alg + " token");
    }

    /**
     * A token the trusted key really signed, edited in place (characters replaced, inserted or removed anywhere,
     * including dots and padding), verifies only while it is still exactly the signed text.
     */
    @FuzzTest
    void editedSignedTokenVerifiesOnlyUnchanged(FuzzedDataProvider data) {
        boolean rsa = data.consumeBoolean();
        String original = rsa ? GENUINE_RS256 : GENUINE_ES256;
        StringBuilder token = new StringBuilder(original);
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && token.length() > 0; i++) {
            int at = data.consumeInt(0, token.length() - 1);
            char c = data.consumeBoolean() ? ALPHABET.charAt(data.consumeInt(0, ALPHABET.length() - 1)) : data.consumeChar();
            switch (data.consumeInt(0, 2)) {
                case 0 -> token.setCharAt(at, c);
                case 1 -> token.insert(at, c);
                default -> token.deleteCharAt(at);
            }
        }
        String edited = token.toString();
        if (edited.equals(original)) {
            try {
                assertThat(VERIFIER.verify(edited).identity().subject()).isNotEmpty();
            } catch (VerificationException e) {
                fail("the unedited signed token was refused: " + e.reason() + ": " + e.getMessage());
            }
            return;
        }
        assertRefused(edited, "edited " + (rsa ? "RS256" : "ES256") + " token");
    }

    private static void assertRefused(String token, String what) {
        try {
            VerifiedToken verified = VERIFIER.verify(token);
            fail(what + " verified as " + verified.identity().subject() + " (kid " + verified.keyId() + ")");
        } catch (VerificationException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /**
     * Header and payload signed by a trusted key, then the signature moved onto the fuzzed content; null when the
     * fuzzed content is the signed content (that token is genuine).
     */
    private static String transplant(String headerJson, String payloadJson, String alg, Object key, FuzzedDataProvider data) {
        String[] g = parts(alg.equals("RS256") ? GENUINE_RS256 : GENUINE_ES256);
        String h = data.consumeBoolean() ? g[0] : b64(headerJson);
        String p = data.consumeBoolean() ? g[1] : b64(payloadJson);
        String signature = data.consumeBoolean() ? g[2] : parts(signRaw(headerJson, payloadJson, alg, key))[2];
        String signedInput = signature.equals(g[2]) ? g[0] + "." + g[1] : b64(headerJson) + "." + b64(payloadJson);
        return signedInput.equals(h + "." + p) ? null : h + "." + p + "." + signature;
    }

    private static byte[] hmacKeyFromPublicMaterial(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> RSA.getPublicKey().getEncoded();
            case 1 -> RSA.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).getBytes(StandardCharsets.UTF_8);
            case 2 -> EC.getPublicKey().getEncoded();
            default -> {
                byte[] k = data.consumeBytes(64);
                yield k.length == 0 ? new byte[] {0} : k;
            }
        };
    }

    private static Object value(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth > 0 ? 7 : 5);
        return switch (kind) {
            case 0 -> data.consumeString(64);
            case 1 -> data.consumeLong();
            case 2 -> data.consumeDouble();
            case 3 -> data.consumeBoolean();
            case 4 -> null;
            case 5 -> T + data.consumeInt(-10_000, 10_000);
            case 6 -> {
                List<Object> list = new ArrayList<>();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    list.add(value(data, depth - 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = data.consumeInt(0, 3);
                for (int i = 0; i < n; i++) {
                    map.put(data.consumeString(12), value(data, depth - 1));
                }
                yield map;
            }
        };
    }
}
