package dev.wifbroker.testing;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns fuzzer bytes into the decoded form a resource method receives, so the resources' pure parsers can be
 * fuzzed without HTTP. Decoding is lenient (a pair with a bad percent escape keeps its raw text): how the HTTP
 * layer treats undecodable bodies is tested over HTTP, not here.
 */
public final class FormBodies {
    private FormBodies() {}

    public static MultivaluedMap<String, String> decode(String body) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            form.add(lenient(key), lenient(value));
        }
        return form;
    }

    private static String lenient(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
