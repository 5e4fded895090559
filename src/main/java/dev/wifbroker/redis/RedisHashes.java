package dev.wifbroker.redis;

import io.vertx.mutiny.redis.client.Response;
import java.util.HashMap;
import java.util.Map;

/** Reading a Redis hash the same way whatever protocol the connection negotiated. */
public final class RedisHashes {
    private RedisHashes() {}

    /** The fields of an {@code HGETALL} reply (none for a null reply). */
    public static Map<String, String> fields(Response response) {
        Map<String, String> entries = new HashMap<>();
        if (response == null) {
            return entries;
        }
        // RESP3 (negotiated with Redis 6 and later) answers a map; RESP2 a flat array of field, value pairs.
        if (isMap(response)) {
            for (String field : response.getKeys()) {
                entries.put(field, response.get(field).toString());
            }
        } else {
            for (int i = 0; i + 1 < response.size(); i += 2) {
                entries.put(response.get(i).toString(), response.get(i + 1).toString());
            }
        }
        return entries;
    }

    private static boolean isMap(Response response) {
        try {
            response.getKeys();
            return true;
        } catch (RuntimeException notAMap) {
            return false;
        }
    }
}
