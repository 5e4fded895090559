package dev.wifbroker.credential.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.credential.IssuedCredential;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers;
import org.jose4j.jwe.JsonWebEncryption;
import org.jose4j.jwe.KeyManagementAlgorithmIdentifiers;
import org.jboss.logging.Logger;
import org.jose4j.lang.JoseException;

/**
 * Seals a credential to each recipient as one compact JWE ({@code ECDH-ES} on X25519, {@code A256GCM}; jose4j),
 * and opens this replica's copy. The protected header, authenticated by AES-GCM, names the recipient
 * ({@code kid}), the entry's key digest ({@value #DIGEST}) and the credential's expiry ({@value #EXPIRY}): a copy
 * moved under another key's digest, or re-labelled with a later expiry, is refused. What sealing does not give:
 * proof of who sealed. Anyone can encrypt to a public key, so a Redis writer can seal a credential of its
 * choosing (docs/architecture.md, threat model of the credential tier).
 */
final class EntrySeal {
    static final String DIGEST = "wif_key";
    static final String EXPIRY = "wif_exp";
    /** Far above a real entry (an AWS session with tags is about 3 KB sealed) and cheap to refuse. */
    static final int MAX_SEALED_CHARS = 32_768;
    private static final Logger LOG = Logger.getLogger(EntrySeal.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HEADER = Set.of("alg", "enc", "kid", "epk", DIGEST, EXPIRY);
    private static final AlgorithmConstraints KEY_ALG = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, KeyManagementAlgorithmIdentifiers.ECDH_ES);
    private static final AlgorithmConstraints ENC_ALG = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);

    private EntrySeal() {}

    /**
     * Recipient kid to compact JWE of {@code plaintext}, the credential expiring at {@code expiresAt}. A recipient whose
     * key cannot be agreed with (a low-order X25519 point passes every format check) is left out, not the whole entry.
     */
    static Map<String, String> seal(String plaintext, String digest, Instant expiresAt, List<Recipient> recipients) {
        Map<String, String> sealed = new LinkedHashMap<>();
        for (Recipient r : recipients) {
            JsonWebEncryption jwe = new JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(KeyManagementAlgorithmIdentifiers.ECDH_ES);
            jwe.setEncryptionMethodHeaderParameter(ContentEncryptionAlgorithmIdentifiers.AES_256_GCM);
            jwe.setKeyIdHeaderValue(r.kid());
            jwe.setHeader(DIGEST, digest);
            jwe.setHeader(EXPIRY, expiresAt.toString());
            jwe.setKey(r.key());
            jwe.setPayload(plaintext);
            try {
                sealed.put(r.kid(), jwe.getCompactSerialization());
            } catch (JoseException | RuntimeException e) {
                LOG.warnf("shared credential recipient %s left out: cannot seal to its key (%s)", r.kid(),
                        e.getClass().getSimpleName());
            }
        }
        return sealed;
    }

    /**
     * This replica's credential from its sealed copy under {@code digest}.
     *
     * @throws IllegalArgumentException naming what is wrong (never a value of the credential)
     */
    static IssuedCredential open(String sealed, String digest, ReplicaKey own) {
        if (sealed.length() > MAX_SEALED_CHARS) {
            throw new IllegalArgumentException("sealed entry is " + sealed.length() + " characters, above " + MAX_SEALED_CHARS);
        }
        JsonWebEncryption jwe = new JsonWebEncryption();
        jwe.setAlgorithmConstraints(KEY_ALG);
        jwe.setContentEncryptionAlgorithmConstraints(ENC_ALG);
        Map<?, ?> header;
        try {
            jwe.setCompactSerialization(sealed);
            header = JSON.readValue(jwe.getHeaders().getFullHeaderAsJsonString(), Map.class);
        } catch (JoseException | JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a compact JWE (" + e.getClass().getSimpleName() + ")");
        }
        if (header == null || !header.keySet().equals(HEADER)) {
            throw new IllegalArgumentException("protected header needs exactly " + HEADER);
        }
        if (!own.kid().equals(header.get("kid"))) {
            throw new IllegalArgumentException("sealed to another recipient");
        }
        if (!digest.equals(header.get(DIGEST))) {
            throw new IllegalArgumentException("sealed under another key digest");
        }
        String payload;
        try {
            jwe.setKey(own.privateKey());
            payload = jwe.getPayload();
        } catch (JoseException | RuntimeException e) {
            throw new IllegalArgumentException("does not decrypt (" + e.getClass().getSimpleName() + ")");
        }
        IssuedCredential credential = SessionCodec.decode(payload);
        if (!credential.expiresAt().toString().equals(header.get(EXPIRY))) {
            throw new IllegalArgumentException("header expiry differs from the credential's");
        }
        return credential;
    }
}
