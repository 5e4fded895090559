package dev.wifbroker.credential.shared;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.credential.IssuedTokens;
import dev.wifbroker.audit.Fingerprint;
import dev.wifbroker.guard.StoreUnavailableException;
import dev.wifbroker.guard.redis.RedisCalls;
import dev.wifbroker.text.Sha256;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link IssuedTokens} shared by every replica: one key per token digest, expiring with the token, so a client
 * introspects on whichever replica it reaches the token it got from another.
 */
public final class RedisIssuedTokens implements IssuedTokens {
    static final String PREFIX = "{wif}:issued:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(RedisIssuedTokens.class);
    private final RedisCalls calls;
    private final Clock clock;

    public RedisIssuedTokens(RedisCalls calls, Clock clock) {
        this.calls = calls;
        this.clock = clock;
    }

    @Override
    public void remember(String token, Entry entry) {
        long ttl = entry.expiresAt().toEpochMilli() - clock.millis();
        if (ttl <= 0) {
            return;
        }
        try {
            calls.send(Request.cmd(Command.SET).arg(PREFIX + Sha256.hex(token)).arg(encode(entry)).arg("PX").arg(ttl));
        } catch (StoreUnavailableException e) {
            LOG.warnf("token %s of role %s not recorded for introspection: %s", Fingerprint.of(token), entry.clientId(),
                    e.getMessage());
        }
    }

    @Override
    public Optional<Entry> lookup(String token) {
        Response value = calls.send(Request.cmd(Command.GET).arg(PREFIX + Sha256.hex(token)));
        if (value == null) {
            return Optional.empty();
        }
        Entry entry = decode(value.toString());
        return entry == null || !entry.expiresAt().isAfter(clock.instant()) ? Optional.empty() : Optional.of(entry);
    }

    private static String encode(Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", entry.username());
        json.put("client_id", entry.clientId());
        json.put("scopes", entry.scopes());
        json.put("exp", entry.expiresAt().getEpochSecond());
        try {
            return JSON.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("issued-token entry of strings did not encode", e);
        }
    }

    /** An entry this code did not write (another version, a hand edit) counts as unknown: introspection says inactive. */
    private static Entry decode(String text) {
        try {
            JsonNode json = JSON.readTree(text);
            if (!json.path("username").isTextual() || !json.path("client_id").isTextual() || !json.path("exp").canConvertToLong()
                    || !json.path("scopes").isArray()) {
                return null;
            }
            List<String> scopes = new ArrayList<>();
            json.path("scopes").forEach(s -> scopes.add(s.asText()));
            return new Entry(json.path("username").asText(), json.path("client_id").asText(), scopes,
                    Instant.ofEpochSecond(json.path("exp").asLong()));
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
