package dev.wifbroker.credential.shared;

import static dev.wifbroker.credential.shared.SharedTierFixture.counting;
import static dev.wifbroker.credential.shared.SharedTierFixture.key;
import static dev.wifbroker.credential.shared.SharedTierFixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.shared.SharedTierFixture.Replica;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A shared entry this replica cannot open or check is never served: it takes the lease and mints afresh. Each case
 * tampers with what replica A stored (or with B's announced public key) the way someone with access to Redis could.
 */
class SharedEntryRefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SharedTierFixture fixture;
    private Replica a;
    private Replica b;

    @BeforeAll
    static void start() {
        fixture = new SharedTierFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void twoReplicas() {
        fixture.flush();
        fixture.meters.clear();
        List<Replica> replicas = fixture.replicas(2, settings(Duration.ofSeconds(10)));
        a = replicas.get(0);
        b = replicas.get(1);
    }

    /** What B finds under the key it asks for, given A's stored entry (B's field, A's field) and the digests. */
    interface Tamper {
        void apply(SharedEntryRefusalTest t, String entryKey, String otherEntryKey) throws Exception;
    }

    static Stream<Arguments> tamperedEntries() {
        return Stream.of(
                Arguments.of("ciphertext with one character changed -> refused", true, false,
                        (Tamper) (t, e, o) -> t.editField(e, v -> flip(v, 3))),
                Arguments.of("authentication tag changed -> refused", true, false,
                        (Tamper) (t, e, o) -> t.editField(e, v -> flip(v, 4))),
                Arguments.of("protected header re-labelled with a later expiry -> refused", true, false,
                        (Tamper) (t, e, o) -> t.editField(e, v -> relabel(v, EntrySeal.EXPIRY, "2099-01-01T00:00:00Z"))),
                Arguments.of("entry moved under another key's digest -> refused", true, true,
                        (Tamper) (t, e, o) -> t.copy(e, o)),
                Arguments.of("another recipient's copy in this replica's field -> refused", true, false,
                        (Tamper) (t, e, o) -> t.setField(e, t.b.key().kid(), t.field(e, t.a.key().kid()))),
                Arguments.of("no field for this replica (it joined after the store) -> minted", false, false,
                        (Tamper) (t, e, o) -> fixture.redis(Request.cmd(Command.HDEL).arg(e).arg(t.b.key().kid()))),
                Arguments.of("forged for this replica, header expiry unlike the credential's -> refused", true, false,
                        (Tamper) (t, e, o) -> t.setField(e, t.b.key().kid(), t.forge(e, Instant.now().plusSeconds(7200), "aws",
                                Map.of()))),
                Arguments.of("forged for this replica with compression -> refused", true, false,
                        (Tamper) (t, e, o) -> t.setField(e, t.b.key().kid(), t.forge(e, null, "aws", Map.of("zip", "DEF")))),
                Arguments.of("forged for this replica holding a gcp token for an aws key -> refused", true, false,
                        (Tamper) (t, e, o) -> t.setField(e, t.b.key().kid(), t.forge(e, null, "gcp", Map.of()))),
                Arguments.of("entry of 40,000 characters -> refused", true, false,
                        (Tamper) (t, e, o) -> t.setField(e, t.b.key().kid(), "e".repeat(40_000))),
                Arguments.of("not a JWE -> refused", true, false,
                        (Tamper) (t, e, o) -> t.setField(e, t.b.key().kid(), "not.a.jwe")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedEntries")
    void aTamperedOrForeignEntryIsNeverServedAndIsMintedAfresh(String name, boolean counted, boolean askOther, Tamper tamper)
            throws Exception {
        CredentialCache.Key key = key();
        CredentialCache.Key other = key();
        IssuedCredential stored = a.get(key, counting(new AtomicInteger(), Duration.ZERO));
        String entry = RedisCredentialStore.entryKey(CanonicalKey.digest(key));
        tamper.apply(this, entry, RedisCredentialStore.entryKey(CanonicalKey.digest(other)));

        AtomicInteger calls = new AtomicInteger();
        IssuedCredential served = b.get(askOther ? other : key, counting(calls, Duration.ZERO));
        assertThat(calls.get()).as("B minted itself").isEqualTo(1);
        assertThat(((IssuedCredential.AwsSession) served).accessKeyId())
                .isNotEqualTo(((IssuedCredential.AwsSession) stored).accessKeyId())
                .doesNotStartWith("ASIAFORGED");
        assertThat(fixture.outcome("refused")).isEqualTo(counted ? 1 : 0);
        assertThat(fixture.hash(askOther ? RedisCredentialStore.entryKey(CanonicalKey.digest(other)) : entry))
                .as("B's mint replaced the entry for both").containsOnlyKeys(a.key().kid(), b.key().kid());
    }

    /**
     * The limit of sealing, kept visible: anyone can encrypt to a public key, so an entry a Redis writer seals to this
     * replica under the right digest, header and expiry is served. Integrity rests on Redis ACLs, as for the signing
     * keys in wif:keys (docs/architecture.md, threat model).
     */
    @org.junit.jupiter.api.Test
    void aWellFormedEntrySealedByARedisWriterIsServedSoIntegrityRestsOnRedisAcls() throws Exception {
        CredentialCache.Key key = key();
        a.get(key, counting(new AtomicInteger(), Duration.ZERO));
        String entry = RedisCredentialStore.entryKey(CanonicalKey.digest(key));
        setField(entry, b.key().kid(), forge(entry, null, "aws", Map.of()));
        AtomicInteger calls = new AtomicInteger();
        IssuedCredential served = b.get(key, counting(calls, Duration.ZERO));
        assertThat(calls.get()).isZero();
        assertThat(((IssuedCredential.AwsSession) served).accessKeyId()).isEqualTo("ASIAFORGED0000000000");
    }

    @org.junit.jupiter.api.Test
    void aLowOrderRecipientKeyIsLeftOutWithoutStoppingTheOthersSharing() throws Exception {
        // The all-zero X25519 point: well-formed, named by its own thumbprint, but no key agreement is possible with it.
        org.jose4j.jwk.OctetKeyPairJsonWebKey zero = (org.jose4j.jwk.OctetKeyPairJsonWebKey) org.jose4j.jwk.PublicJsonWebKey
                .Factory.newPublicJwk(Map.of("kty", "OKP", "crv", "X25519", "x",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32])));
        String kid = zero.calculateBase64urlEncodedThumbprint("SHA-256");
        fixture.redis(Request.cmd(Command.HSET).arg(RedisCredentialStore.RECIPIENTS).arg(kid)
                .arg(new Recipient(kid, zero.getPublicKey(), Instant.now().plusSeconds(60)).toJson()));
        a.tier().refreshRecipients();
        CredentialCache.Key key = key();
        IssuedCredential stored = a.get(key, counting(new AtomicInteger(), Duration.ZERO));
        assertThat(fixture.hash(RedisCredentialStore.entryKey(CanonicalKey.digest(key)))).containsKeys(a.key().kid(), b.key().kid());
        AtomicInteger calls = new AtomicInteger();
        assertThat(b.get(key, counting(calls, Duration.ZERO))).isEqualTo(stored);
        assertThat(calls.get()).isZero();
    }

    static Stream<Arguments> malformedRecipients() {
        return Stream.of(
                Arguments.of("x of 31 bytes", (Function<ObjectNode, Object>) n -> jwk(n).put("x",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[31]))),
                Arguments.of("a private member d", (Function<ObjectNode, Object>) n -> jwk(n).put("d",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]))),
                Arguments.of("an extra member", (Function<ObjectNode, Object>) n -> n.put("replica", "pod-1")),
                Arguments.of("an EC P-256 key", (Function<ObjectNode, Object>) n -> n.set("jwk", JSON.valueToTree(p256()))),
                Arguments.of("another key than its field names", (Function<ObjectNode, Object>) n -> jwk(n).put("x",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]))),
                Arguments.of("an expiry a day ahead", (Function<ObjectNode, Object>) n -> n.put("expiresAt",
                        Instant.now().plus(Duration.ofDays(1)).toEpochMilli())),
                Arguments.of("an expiry in the past", (Function<ObjectNode, Object>) n -> n.put("expiresAt",
                        Instant.now().minusSeconds(1).toEpochMilli())),
                Arguments.of("a fractional expiry", (Function<ObjectNode, Object>) n -> n.put("expiresAt", 1.5e12)),
                Arguments.of("not JSON", (Function<ObjectNode, Object>) n -> "{\"jwk\":"));
    }

    @ParameterizedTest(name = "recipient entry with {0}: not sealed to, so that replica mints")
    @MethodSource("malformedRecipients")
    void aMalformedRecipientIsNotSealedToAndThatReplicaMintsAfresh(String name, Function<ObjectNode, Object> edit)
            throws Exception {
        String field = b.key().kid();
        ObjectNode genuine = (ObjectNode) JSON.readTree(fixture.hash(RedisCredentialStore.RECIPIENTS).get(field));
        Object edited = edit.apply(genuine);
        fixture.redis(Request.cmd(Command.HSET).arg(RedisCredentialStore.RECIPIENTS).arg(field)
                .arg(edited instanceof String s ? s : genuine.toString()));
        a.tier().refreshRecipients();

        CredentialCache.Key key = key();
        IssuedCredential stored = a.get(key, counting(new AtomicInteger(), Duration.ZERO));
        assertThat(fixture.hash(RedisCredentialStore.entryKey(CanonicalKey.digest(key)))).containsOnlyKeys(a.key().kid());
        AtomicInteger calls = new AtomicInteger();
        IssuedCredential served = b.get(key, counting(calls, Duration.ZERO));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(served).isNotEqualTo(stored);
    }

    private static ObjectNode jwk(ObjectNode entry) {
        return (ObjectNode) entry.get("jwk");
    }

    private static Map<String, Object> p256() {
        try {
            return EcJwkGenerator.generateJwk(EllipticCurves.P256).toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String field(String entry, String kid) {
        return fixture.hash(entry).get(kid);
    }

    private void setField(String entry, String kid, String value) {
        fixture.redis(Request.cmd(Command.HSET).arg(entry).arg(kid).arg(value));
    }

    private void editField(String entry, Function<String, String> edit) {
        setField(entry, b.key().kid(), edit.apply(field(entry, b.key().kid())));
    }

    private void copy(String from, String to) {
        fixture.hash(from).forEach((k, v) -> setField(to, k, v));
        fixture.redis(Request.cmd(Command.PEXPIRE).arg(to).arg(60_000));
    }

    /**
     * What anyone who can write Redis can make: a JWE sealed to B's public key (public, in Redis) under the right
     * digest, carrying a credential of its choosing.
     */
    private String forge(String entry, Instant headerExpiry, String kind, Map<String, String> extraHeaders) throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        IssuedCredential credential = kind.equals("aws")
                ? new IssuedCredential.AwsSession("ASIAFORGED0000000000", "forged-secret", "forged-session", expiresAt, null)
                : new IssuedCredential.CloudAccessToken("gcp", "forged-token", "Bearer", expiresAt, List.of());
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmHeaderValue("ECDH-ES");
        jwe.setEncryptionMethodHeaderParameter("A256GCM");
        jwe.setKeyIdHeaderValue(b.key().kid());
        jwe.setHeader(EntrySeal.DIGEST, entry.substring(RedisCredentialStore.PREFIX.length()));
        jwe.setHeader(EntrySeal.EXPIRY, (headerExpiry == null ? expiresAt : headerExpiry).toString());
        extraHeaders.forEach(jwe::setHeader);
        jwe.setKey(b.key().publicKey());
        jwe.setPayload(SessionCodec.encode(credential).orElseThrow());
        return jwe.getCompactSerialization();
    }

    private static String flip(String compact, int segment) {
        String[] parts = compact.split("\\.", -1);
        char[] chars = parts[segment].toCharArray();
        int i = chars.length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        parts[segment] = new String(chars);
        return String.join(".", parts);
    }

    private static String relabel(String compact, String member, String value) {
        String[] parts = compact.split("\\.", -1);
        try {
            ObjectNode header = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            header.put(member, value);
            parts[0] = Base64.getUrlEncoder().withoutPadding().encodeToString(header.toString().getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return String.join(".", parts);
    }
}
