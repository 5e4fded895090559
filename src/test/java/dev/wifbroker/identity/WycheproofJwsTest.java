package dev.wifbroker.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.jwks.VerificationKey;
import dev.wifbroker.reason.Reason;
import dev.wifbroker.testing.TestProvider;
import dev.wifbroker.testing.UnderBothProviders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Google's Wycheproof JOSE vectors (C2SP/wycheproof {@code testvectors_v1}, checked in under
 * {@code src/test/resources/wycheproof}) run against the broker's own verification layers:
 * {@link JwksSnapshot#parse} for the key (the group's public JWK or JWK Set; the private one
 * only when the group has no public one), {@link CompactJws#parse} for strict parsing and
 * {@link JwsSignatures#verify} with the header's {@code alg}.
 *
 * <p>Each vector is judged twice. The <em>broker</em> outcome is the real path: strict parse,
 * algorithm allowlist, key from the snapshot, signature. The <em>signature</em> outcome feeds the
 * same key lookup and {@link JwsSignatures#verify} a leniently split token, so that the
 * cryptographic check is exercised even where the strict parser would stop first (almost every
 * Wycheproof payload is {@code "foo"}, which is not a JWT claim set).
 *
 * <p>Invariants: an {@code invalid} vector is accepted by neither. A {@code valid} vector is accepted
 * by both, unless it is in {@link #DELIBERATE_REFUSALS} with the documented rule that refuses it,
 * and the test then checks that this very rule is what refused it. Nothing is skipped: every
 * vector is one named case, and {@link #totals()} pins the count of every outcome.
 *
 * <p>The whole class runs twice: on the JDK providers alone and with the native provider installed first, as the
 * broker runs with {@code broker.crypto.provider=auto}; keys are parsed and signatures checked under each.
 */
class WycheproofJwsTest extends UnderBothProviders {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TOKEN_BYTES = VerifierSettings.defaults().maxTokenBytes();
    private static final Instant FETCHED = Instant.parse("2026-01-01T00:00:00Z");

    /** A stricter rule of the broker that refuses a vector Wycheproof calls valid. */
    enum Rule {
        /** The payload must be a JSON object (a JWT claim set); Wycheproof signs bytes like "foo". The signature must still verify. */
        PAYLOAD_NOT_JSON_OBJECT,
        /** HMAC is never accepted: a shared secret is not an identity (JwsAlgorithms). */
        HMAC_REFUSED,
        /** A JWK's {@code alg} pins the one algorithm it may verify (RFC 7517 §4.4); the token uses another. */
        JWK_ALG_PINS_OTHER_ALG,
        /** A JWK whose {@code alg} is not a registered JWS algorithm for its key type ("ES521") is not used at all. */
        JWK_ALG_NOT_REGISTERED,
        /** Every part must be strict base64url (RFC 7515 §2); Wycheproof's lenient-decoder vectors insert a '?'. */
        STRICT_BASE64URL
    }

    /** Valid vectors the broker refuses on purpose, by tcId, per file. Any other valid vector that fails is a failure. */
    static final Map<String, Map<Integer, Rule>> DELIBERATE_REFUSALS = Map.of(
            "json_web_signature_test.json", jwsRefusals(),
            "json_web_key_test.json", jwkRefusals());

    private static Map<Integer, Rule> jwsRefusals() {
        Map<Integer, Rule> m = new TreeMap<>();
        for (int id : new int[] {1, 348, 352, 357, 358, 359, 376, 377}) {
            m.put(id, Rule.HMAC_REFUSED);
        }
        m.put(372, Rule.STRICT_BASE64URL); // '?' inserted in the header (an HMAC token as well)
        m.put(373, Rule.STRICT_BASE64URL); // '?' inserted in the payload (an HMAC token as well)
        // ES256 "foo", RS256 "foo", RS/PS 256/384/512 over "", zeros, "a", "Test", bytes E0..FF, "123400", RFC 7520 text.
        for (int id : new int[] {18, 33, 259, 260, 261, 262, 263, 264, 265, 266, 267, 268, 269, 270, 271, 272, 273, 274, 275,
            287, 288, 320, 321, 322, 323, 325, 326, 327, 328, 345, 349, 378}) {
            m.put(id, Rule.PAYLOAD_NOT_JSON_OBJECT);
        }
        m.put(346, Rule.JWK_ALG_PINS_OTHER_ALG); // key alg PS256, token PS384 (RFC 7520 figure 20)
        m.put(350, Rule.JWK_ALG_PINS_OTHER_ALG);
        m.put(347, Rule.JWK_ALG_NOT_REGISTERED); // key alg "ES521" (RFC 7520 uses ES512)
        m.put(351, Rule.JWK_ALG_NOT_REGISTERED);
        return Map.copyOf(m);
    }

    private static Map<Integer, Rule> jwkRefusals() {
        Map<Integer, Rule> m = new TreeMap<>();
        for (int id : new int[] {2, 13, 14, 15}) {
            m.put(id, Rule.HMAC_REFUSED);
        }
        m.put(5, Rule.PAYLOAD_NOT_JSON_OBJECT);
        return Map.copyOf(m);
    }

    /** One vector with the key its group supplies. */
    record Vector(String file, int tcId, String comment, String result, List<String> flags, String jws, String keys) {
        boolean valid() {
            return "valid".equals(result);
        }

        @Override
        public String toString() {
            return file + " tcId " + tcId;
        }
    }

    enum Verdict { ACCEPTED, REFUSED }

    /**
     * How one layer judged a vector.
     *
     * @param stage where it stopped: keys, parse, alg, key, signature, or accepted
     */
    record Outcome(Verdict verdict, String stage, Reason reason, String detail) {
        static Outcome ok() {
            return new Outcome(Verdict.ACCEPTED, "accepted", null, "");
        }

        static Outcome refused(String stage, Reason reason, String detail) {
            return new Outcome(Verdict.REFUSED, stage, reason, detail);
        }

        boolean accepted() {
            return verdict == Verdict.ACCEPTED;
        }
    }

    record Judgement(Vector vector, Outcome broker, Outcome signature, JwksSnapshot snapshot, String keyProblem) {}

    // ---------------------------------------------------------------- loading

    static List<Vector> load(String file) {
        JsonNode root = read(file);
        List<Vector> out = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            String keys = keySet(group);
            for (JsonNode t : group.get("tests")) {
                List<String> flags = new ArrayList<>();
                if (t.has("flags")) {
                    t.get("flags").forEach(f -> flags.add(f.asText()));
                }
                out.add(new Vector(file, t.get("tcId").asInt(), t.get("comment").asText(), t.get("result").asText(),
                        List.copyOf(flags), t.get("jws").asText(), keys));
            }
        }
        return out;
    }

    /** The group's verification keys as a JWK Set: its public key(s), else the private member. */
    private static String keySet(JsonNode group) {
        JsonNode k = group.has("public") ? group.get("public") : group.get("private");
        if (k.has("keys")) {
            return k.toString();
        }
        ObjectNode set = JSON.createObjectNode();
        set.putArray("keys").add(k);
        return set.toString();
    }

    private static JsonNode readJson(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String file) {
        try (InputStream in = WycheproofJwsTest.class.getResourceAsStream("/wycheproof/" + file)) {
            assertThat(in).as(file).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- judging

    static Judgement judge(Vector v) {
        JwksSnapshot snapshot;
        try {
            snapshot = JwksSnapshot.parse(v.keys(), FETCHED);
        } catch (IllegalArgumentException e) {
            Outcome refused = Outcome.refused("keys", Reason.KEY_NOT_FOUND, e.getMessage());
            return new Judgement(v, refused, refused, null, e.getMessage());
        }
        return new Judgement(v, brokerPath(v.jws(), snapshot), signatureLayer(v.jws(), snapshot), snapshot,
                String.join("; ", snapshot.skipped()));
    }

    /** The broker's real order: strict parse, supported alg, key by kid and alg, signature. */
    static Outcome brokerPath(String token, JwksSnapshot snapshot) {
        CompactJws jws;
        try {
            jws = CompactJws.parse(token, MAX_TOKEN_BYTES);
        } catch (VerificationException e) {
            return Outcome.refused("parse", e.reason(), e.getMessage());
        }
        return keyAndSignature(jws, snapshot);
    }

    /** The key lookup and signature check alone, on a leniently split token. */
    static Outcome signatureLayer(String token, JwksSnapshot snapshot) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Outcome.refused("split", Reason.TOKEN_MALFORMED, parts.length + " parts");
        }
        Map<String, Object> header;
        byte[] signature;
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> h = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
            header = h;
            signature = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return Outcome.refused("split", Reason.TOKEN_MALFORMED, "undecodable: " + e.getMessage());
        }
        if (header == null || signature.length == 0) {
            return Outcome.refused("split", Reason.TOKEN_MALFORMED, "no header or no signature");
        }
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return keyAndSignature(new CompactJws(header, Map.of(), signingInput, signature), snapshot);
    }

    private static Outcome keyAndSignature(CompactJws jws, JwksSnapshot snapshot) {
        String alg = jws.algorithm();
        if (!JwsAlgorithms.supported(alg)) {
            return Outcome.refused("alg", Reason.ALGORITHM_NOT_ALLOWED, JwsAlgorithms.whyRefused(alg));
        }
        List<VerificationKey> candidates = snapshot.candidates(jws.keyId(), alg);
        if (candidates.isEmpty()) {
            return Outcome.refused("key", Reason.KEY_NOT_FOUND, "no " + alg + " key for kid " + jws.keyId()
                    + " (skipped: " + snapshot.skipped() + ")");
        }
        Optional<VerificationKey> signer = JwsSignatures.verify(jws, alg, candidates);
        return signer.isPresent() ? Outcome.ok()
                : Outcome.refused("signature", Reason.SIGNATURE_INVALID, "signature does not verify");
    }

    // ---------------------------------------------------------------- the cases

    static Stream<Arguments> jwsVectors() {
        return load("json_web_signature_test.json").stream().map(v -> Arguments.of(v.tcId(), v.comment(), v));
    }

    static Stream<Arguments> jwkVectors() {
        return load("json_web_key_test.json").stream().map(v -> Arguments.of(v.tcId(), v.comment(), v));
    }

    @ParameterizedTest(name = "JWS tcId {0}: {1}")
    @MethodSource("jwsVectors")
    void jsonWebSignature(int tcId, String comment, Vector v) {
        check(v);
    }

    @ParameterizedTest(name = "JWK tcId {0}: {1}")
    @MethodSource("jwkVectors")
    void jsonWebKey(int tcId, String comment, Vector v) {
        check(v);
    }

    /**
     * json_web_key_test.json vectors whose point is that the key must be refused (wrong use, ROCA, 1024 bits,
     * e = 1, alg that does not fit the curve, unregistered alg, off-curve point, wrong curve, wrong kty, AES keys):
     * the key set must yield no key that could verify the token's algorithm.
     */
    static final List<Integer> JWK_KEYS_TO_REFUSE = List.of(6, 7, 8, 9, 19, 20, 21, 22, 23, 24, 25, 26);

    private static void check(Vector v) {
        Judgement j = judge(v);
        if (v.file().equals("json_web_key_test.json") && JWK_KEYS_TO_REFUSE.contains(v.tcId())) {
            String alg = v.jws().isEmpty() ? null : String.valueOf(JSON.convertValue(
                    readJson(Base64.getUrlDecoder().decode(v.jws().substring(0, v.jws().indexOf('.')))), Map.class).get("alg"));
            assertThat(j.snapshot() == null ? List.of() : j.snapshot().candidates(null, alg))
                    .as(v + " (" + v.comment() + "): no usable " + alg + " key may come out of " + v.keys()
                            + "; skipped: " + j.keyProblem())
                    .isEmpty();
        }
        Rule rule = DELIBERATE_REFUSALS.get(v.file()).get(v.tcId());
        String what = v + " (" + v.comment() + ", " + v.result() + ") broker=" + j.broker() + " signature=" + j.signature();
        if (!v.valid()) {
            assertThat(rule).as("an allowlisted refusal must be a valid vector: " + what).isNull();
            assertThat(j.broker().accepted()).as("invalid vector accepted by the broker path: " + what).isFalse();
            assertThat(j.signature().accepted()).as("invalid vector accepted by the signature layer: " + what).isFalse();
            return;
        }
        if (rule == null) {
            assertThat(j.broker().accepted()).as("valid vector refused: " + what).isTrue();
            assertThat(j.signature().accepted()).as("valid vector refused by the signature layer: " + what).isTrue();
            return;
        }
        assertThat(j.broker().accepted()).as("allowlisted (" + rule + ") but accepted: " + what).isFalse();
        switch (rule) {
            case PAYLOAD_NOT_JSON_OBJECT -> {
                assertThat(j.broker().stage()).as(what).isEqualTo("parse");
                assertThat(j.broker().reason()).as(what).isEqualTo(Reason.TOKEN_MALFORMED);
                assertThat(j.broker().detail()).as(what).startsWith("payload is not");
                assertThat(j.signature().accepted()).as("the signature itself must verify: " + what).isTrue();
            }
            case HMAC_REFUSED -> {
                assertThat(j.signature().stage()).as(what).isIn("alg", "key");
                assertThat(j.signature().reason()).as(what).isIn(Reason.ALGORITHM_NOT_ALLOWED, Reason.KEY_NOT_FOUND);
                assertThat(j.signature().detail()).as(what).containsAnyOf("HMAC", "HS");
                assertThat(j.snapshot() == null || j.snapshot().keys().isEmpty()).as("no HMAC key may become usable: " + what)
                        .isTrue();
            }
            case JWK_ALG_PINS_OTHER_ALG -> {
                assertThat(j.signature().stage()).as(what).isEqualTo("key");
                assertThat(j.snapshot().keys()).as(what).isNotEmpty();
                assertThat(j.snapshot().keys()).as(what).allSatisfy(k -> assertThat(k.alg()).isNotNull());
            }
            case STRICT_BASE64URL -> {
                assertThat(j.broker().stage()).as(what).isEqualTo("parse");
                assertThat(j.broker().detail()).as(what).contains("is not base64url");
                assertThat(j.signature().accepted()).as(what).isFalse();
            }
            case JWK_ALG_NOT_REGISTERED -> {
                assertThat(j.signature().stage()).as(what).isEqualTo("key");
                assertThat(j.snapshot().keys()).as(what).isEmpty();
                assertThat(j.keyProblem()).as(what).contains("does not fit its key type");
            }
        }
    }

    // ---------------------------------------------------------------- totals

    @Test
    void vectorFilesAreCompleteAndWellFormed() {
        for (String file : List.of("json_web_signature_test.json", "json_web_key_test.json")) {
            JsonNode root = read(file);
            int n = 0;
            for (JsonNode g : root.get("testGroups")) {
                n += g.get("tests").size();
            }
            assertThat(n).as(file + " numberOfTests").isEqualTo(root.get("numberOfTests").asInt());
        }
        assertThat(load("json_web_signature_test.json")).hasSize(401);
        assertThat(load("json_web_key_test.json")).hasSize(26);
    }

    @Test
    void allowlistNamesOnlyValidVectors() {
        for (String file : DELIBERATE_REFUSALS.keySet()) {
            Map<Integer, Vector> byId = new TreeMap<>();
            load(file).forEach(v -> byId.put(v.tcId(), v));
            DELIBERATE_REFUSALS.get(file).forEach((id, rule) ->
                    assertThat(byId.get(id)).as(file + " tcId " + id + " (" + rule + ")").isNotNull()
                            .matches(Vector::valid, "is a valid vector"));
        }
    }

    /** Every vector lands in exactly one bucket; the counts are pinned so that no change slips by unnoticed. */
    @Test
    void totals() {
        Map<String, Integer> jws = tally(load("json_web_signature_test.json"));
        Map<String, Integer> jwk = tally(load("json_web_key_test.json"));
        System.out.println("Wycheproof json_web_signature_test.json: " + jws);
        System.out.println("Wycheproof json_web_key_test.json: " + jwk);
        assertThat(jws.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(401);
        assertThat(jwk.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(26);
        assertThat(jws).isEqualTo(EXPECTED_JWS);
        assertThat(jwk).isEqualTo(EXPECTED_JWK);
    }

    static final Map<String, Integer> EXPECTED_JWS = Map.of(
            "invalid refused, signature layer at split", 39,
            "invalid refused, signature layer at alg", 12,
            "invalid refused, signature layer at key", 11,
            "invalid refused, signature layer at signature", 293,
            "valid refused: PAYLOAD_NOT_JSON_OBJECT", 32,
            "valid refused: HMAC_REFUSED", 8,
            "valid refused: STRICT_BASE64URL", 2,
            "valid refused: JWK_ALG_PINS_OTHER_ALG", 2,
            "valid refused: JWK_ALG_NOT_REGISTERED", 2);
    static final Map<String, Integer> EXPECTED_JWK = Map.of(
            "invalid refused, signature layer at alg", 11,
            "invalid refused, signature layer at key", 10,
            "valid refused: HMAC_REFUSED", 4,
            "valid refused: PAYLOAD_NOT_JSON_OBJECT", 1);

    /** Why JwksSnapshot leaves out the key of each key-refusal vector of json_web_key_test.json. */
    static Stream<Arguments> keyRefusalReasons() {
        return Stream.of(
                Arguments.of(6, "use is 'enc', not sig"),
                Arguments.of(7, "ROCA fingerprint"),
                Arguments.of(8, "RSA key of 1024 bits is below 2048"),
                Arguments.of(9, DROPPED_BY_JOSE4J), // the JCA refuses e = 1; JwksSnapshot also refuses it (weakRsa)
                Arguments.of(19, "alg 'ES521' does not fit its key type"),
                Arguments.of(20, "alg 'ES224' does not fit its key type"),
                Arguments.of(21, "use is 'enc', not sig"),
                Arguments.of(22, "EC point is not on curve"),
                Arguments.of(23, "not on curve"),
                Arguments.of(24, DROPPED_BY_JOSE4J), // kty RSA without n and e
                Arguments.of(25, "not an asymmetric public key"),
                Arguments.of(26, "not an asymmetric public key"));
    }

    /** jose4j's JsonWebKeySet leaves out a member it cannot turn into a key, so it never reaches JwksSnapshot. */
    static final String DROPPED_BY_JOSE4J = "(dropped while parsing the JWK Set)";

    @ParameterizedTest(name = "JWK tcId {0}: key refused because {1}")
    @MethodSource("keyRefusalReasons")
    void keyIsRefusedForTheRightReason(int tcId, String because) {
        Vector v = load("json_web_key_test.json").stream().filter(x -> x.tcId() == tcId).findFirst().orElseThrow();
        Judgement j = judge(v);
        assertThat(j.snapshot().keys()).as(v + " " + v.comment()).isEmpty();
        if (!because.equals(DROPPED_BY_JOSE4J)) {
            assertThat(j.keyProblem()).as(v + " " + v.comment()).contains(because);
        }
    }

    /** Buckets: valid accepted end to end, valid refused by a rule, invalid refused at a stage. */
    private static Map<String, Integer> tally(List<Vector> vectors) {
        Map<String, Integer> out = new TreeMap<>();
        for (Vector v : vectors) {
            Judgement j = judge(v);
            String bucket;
            if (v.valid()) {
                Rule rule = DELIBERATE_REFUSALS.get(v.file()).get(v.tcId());
                bucket = j.broker().accepted() ? "valid accepted"
                        : "valid refused: " + (rule == null ? "UNLISTED " + j.broker().stage() : rule.name());
            } else {
                bucket = j.broker().accepted() || j.signature().accepted() ? "invalid ACCEPTED"
                        : "invalid refused, signature layer at " + j.signature().stage();
            }
            out.merge(bucket, 1, Integer::sum);
        }
        return out;
    }
}
