package dev.wifbroker.identity;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.reason.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A strictly parsed compact JWS (RFC 7515 §7.1): exactly three parts, canonical unpadded base64url,
 * JSON objects without duplicate members or deep nesting, {@code alg}, {@code kid}, {@code typ} and
 * {@code cty} strings when present, no {@code crit} extensions (of any type) and no unencoded payloads.
 * Nothing here is trusted until the signature is checked.
 */
public record CompactJws(Map<String, Object> header, Map<String, Object> claims, byte[] signingInput, byte[] signature) {
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final int MAX_NESTING = 16;
    private static final List<String> STRING_MEMBERS = List.of("alg", "kid", "typ", "cty");
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(64)
                    .maxStringLength(64 * 1024)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public static CompactJws parse(String token, int maxBytes) throws VerificationException {
        if (token == null || token.isEmpty()) {
            throw malformed("no token was presented");
        }
        if (token.length() > maxBytes) {
            throw malformed("token is " + token.length() + " bytes, above the limit of " + maxBytes);
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        if (dots == 4) {
            throw malformed("token is a JWE (5 parts); only signed JWTs (JWS) are accepted");
        }
        if (dots != 2) {
            throw malformed("token has " + (dots + 1) + " parts; a compact JWS has exactly 3");
        }
        byte[] headerBytes = decode(token.substring(0, first), "header");
        byte[] payloadBytes = decode(token.substring(first + 1, second), "payload");
        byte[] signature = decode(token.substring(second + 1), "signature");
        if (signature.length == 0) {
            throw malformed("token has an empty signature");
        }
        Map<String, Object> header = json(headerBytes, "header");
        Map<String, Object> claims = json(payloadBytes, "payload");
        checkHeader(header);
        byte[] signingInput = token.substring(0, second).getBytes(StandardCharsets.US_ASCII);
        return new CompactJws(header, claims, signingInput, signature);
    }

    public String algorithm() {
        return header.get("alg") instanceof String s ? s : null;
    }

    public String keyId() {
        return header.get("kid") instanceof String s ? s : null;
    }

    private static void checkHeader(Map<String, Object> header) throws VerificationException {
        if (!header.containsKey("alg")) {
            throw malformed("header has no alg");
        }
        // RFC 7515 §4.1: these are strings; another JSON type is a malformed token, not a value to coerce.
        for (String name : STRING_MEMBERS) {
            if (header.containsKey(name) && !(header.get(name) instanceof String)) {
                throw malformed("header " + name + " must be a string");
            }
        }
        if (header.containsKey("enc")) {
            throw malformed("header has enc: encrypted tokens are not accepted");
        }
        if (header.containsKey("crit")) {
            Object crit = header.get("crit");
            String names = crit instanceof Iterable<?> list ? String.valueOf(list) : String.valueOf(crit);
            throw malformed("header declares critical extensions " + names + " that the broker does not understand");
        }
        if (header.containsKey("b64")) {
            throw malformed("header b64 (unencoded payload) is not accepted");
        }
    }

    private static byte[] decode(String part, String what) throws VerificationException {
        byte[] bytes = null;
        if (part.indexOf('=') < 0) {
            try {
                // The decoder refuses every character outside the alphabet (padding aside) and an impossible length.
                bytes = Base64.getUrlDecoder().decode(part);
            } catch (IllegalArgumentException e) {
                // explained below
            }
        }
        if (bytes == null) {
            throw whyNotBase64url(part, what);
        }
        // Non-canonical encodings (non-zero trailing bits) would let one token have many spellings. Only the last
        // character of an unpadded tail has unused bits: 4 of them after 2 characters, 2 after 3.
        int tail = part.length() % 4;
        if (tail != 0 && (BASE64URL.indexOf(part.charAt(part.length() - 1)) & (tail == 2 ? 0x0F : 0x03)) != 0) {
            throw malformed(what + " is not canonical base64url");
        }
        return bytes;
    }

    private static VerificationException whyNotBase64url(String part, String what) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (BASE64URL.indexOf(c) < 0) {
                return malformed(what + " is not base64url (character " + (c < 32 || c > 126 ? "0x" + Integer.toHexString(c)
                        : "'" + c + "'") + " at offset " + i + ")");
            }
        }
        return malformed(what + " is not base64url (impossible length)");
    }

    private static Map<String, Object> json(byte[] bytes, String what) throws VerificationException {
        if (bytes.length == 0 || bytes[0] != '{' && !Character.isWhitespace(bytes[0])) {
            throw malformed(what + " is not a JSON object");
        }
        try {
            Map<String, Object> map = JSON.readValue(bytes, OBJECT);
            if (map == null) {
                throw malformed(what + " is not a JSON object");
            }
            return map;
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Duplicate field")) {
                throw malformed(what + " has a duplicate member name");
            }
            if (m.contains("nesting depth")) {
                throw malformed(what + " is nested deeper than " + MAX_NESTING + " levels");
            }
            throw malformed(what + " is not valid JSON");
        }
    }

    private static VerificationException malformed(String detail) {
        return new VerificationException(Reason.TOKEN_MALFORMED, detail);
    }
}
