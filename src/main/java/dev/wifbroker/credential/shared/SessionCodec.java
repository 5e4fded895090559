package dev.wifbroker.credential.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wifbroker.credential.IssuedCredential;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plaintext of a shared entry: only the clouds' short-lived session material ({@link IssuedCredential.AwsSession},
 * {@link IssuedCredential.CloudAccessToken}). Broker-signed tokens (internal tokens, Azure assertions) never go
 * through the cache and are not encodable here. Decoding is strict (exact members, types, sizes), though the
 * text has already passed AES-GCM: anyone can encrypt to a replica's public key.
 */
final class SessionCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_FIELD_CHARS = 16_384;
    private static final int MAX_SCOPES = 64;
    private static final int MAX_SCOPE_CHARS = 1024;
    private static final Set<String> AWS = Set.of("kind", "accessKeyId", "secretAccessKey", "sessionToken", "expiresAt",
            "assumedRoleArn");
    private static final Set<String> TOKEN = Set.of("kind", "token", "tokenType", "expiresAt", "scopes");

    private SessionCodec() {}

    /** The JSON of a shareable credential; empty for any other kind, or one {@link #decode} would refuse. */
    static Optional<String> encode(IssuedCredential credential) {
        ObjectNode node = JSON.createObjectNode();
        if (credential instanceof IssuedCredential.AwsSession aws) {
            if (!usable(aws.accessKeyId(), aws.secretAccessKey(), aws.sessionToken())
                    || aws.assumedRoleArn() != null && !usable(aws.assumedRoleArn())) {
                return Optional.empty();
            }
            node.put("kind", "aws").put("accessKeyId", aws.accessKeyId()).put("secretAccessKey", aws.secretAccessKey())
                    .put("sessionToken", aws.sessionToken()).put("expiresAt", aws.expiresAt().toString())
                    .put("assumedRoleArn", aws.assumedRoleArn());
        } else if (credential instanceof IssuedCredential.CloudAccessToken token
                && (token.cloud().equals("gcp") || token.cloud().equals("azure")) && usable(token.token(), token.tokenType())
                && token.scopes().size() <= MAX_SCOPES && token.scopes().stream().allMatch(s -> s.length() <= MAX_SCOPE_CHARS)) {
            node.put("kind", token.cloud()).put("token", token.token()).put("tokenType", token.tokenType())
                    .put("expiresAt", token.expiresAt().toString());
            ArrayNode scopes = node.putArray("scopes");
            token.scopes().forEach(scopes::add);
        } else {
            return Optional.empty();
        }
        return Optional.of(node.toString());
    }

    private static boolean usable(String... values) {
        for (String v : values) {
            if (v == null || v.isEmpty() || v.length() > MAX_FIELD_CHARS) {
                return false;
            }
        }
        return true;
    }

    /** Reads an entry's plaintext back; throws {@link IllegalArgumentException} naming what is wrong, never a value. */
    static IssuedCredential decode(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("plaintext is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("plaintext is not a JSON object");
        }
        String kind = text(node, "kind");
        if (kind.equals("aws")) {
            members(node, AWS);
            return new IssuedCredential.AwsSession(text(node, "accessKeyId"), text(node, "secretAccessKey"),
                    text(node, "sessionToken"), instant(node), node.get("assumedRoleArn").isNull() ? null
                            : text(node, "assumedRoleArn"));
        }
        if (kind.equals("gcp") || kind.equals("azure")) {
            members(node, TOKEN);
            JsonNode scopes = node.get("scopes");
            if (!scopes.isArray() || scopes.size() > MAX_SCOPES) {
                throw new IllegalArgumentException("scopes is not a list of at most " + MAX_SCOPES);
            }
            List<String> list = new ArrayList<>();
            for (JsonNode s : scopes) {
                if (!s.isTextual() || s.textValue().length() > MAX_SCOPE_CHARS) {
                    throw new IllegalArgumentException("a scope is not a string of at most " + MAX_SCOPE_CHARS + " characters");
                }
                list.add(s.textValue());
            }
            return new IssuedCredential.CloudAccessToken(kind, text(node, "token"), text(node, "tokenType"), instant(node),
                    List.copyOf(list));
        }
        throw new IllegalArgumentException("kind is not aws, gcp or azure");
    }

    private static void members(JsonNode node, Set<String> expected) {
        int count = 0;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); count++) {
            if (!expected.contains(names.next())) {
                throw new IllegalArgumentException("plaintext has a member outside " + expected);
            }
        }
        if (count != expected.size()) {
            throw new IllegalArgumentException("plaintext needs exactly " + expected);
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > MAX_FIELD_CHARS) {
            throw new IllegalArgumentException(name + " is not a non-empty string of at most " + MAX_FIELD_CHARS + " characters");
        }
        return value.textValue();
    }

    private static Instant instant(JsonNode node) {
        try {
            return Instant.parse(text(node, "expiresAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expiresAt is not an instant");
        }
    }
}
