package dev.wifbroker.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.text.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A JWKS serialized once, with its strong entity tag, so serving it costs a byte copy. Built by the key
 * ring for its own keys and by {@link ClusterJwks} for the union of every replica's keys.
 */
public final class JwksDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] json;
    private final String etag;
    private final int keyCount;

    private JwksDocument(byte[] json, int keyCount) {
        this.json = json;
        this.keyCount = keyCount;
        this.etag = "\"" + HexFormat.of().formatHex(Sha256.digest(json), 0, 16) + "\"";
    }

    /** The document {@code {"keys":[...]}} of {@code jwks}, in the given order (callers sort, so the ETag depends on the set only). */
    static JwksDocument of(List<Map<String, Object>> jwks) {
        try {
            return new JwksDocument(JSON.writeValueAsBytes(Map.of("keys", jwks)), jwks.size());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the JWKS", e);
        }
    }

    /** The JSON bytes; a copy, callers may not change the document. */
    public byte[] json() {
        return Arrays.copyOf(json, json.length);
    }

    public String text() {
        return new String(json, StandardCharsets.UTF_8);
    }

    public String etag() {
        return etag;
    }

    public int keyCount() {
        return keyCount;
    }

    /** Base64url of the SHA-256 of the document, for log lines that say which key set is in force. */
    public String version() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.digest(json)).substring(0, 12);
    }

}
