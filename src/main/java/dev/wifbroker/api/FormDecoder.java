package dev.wifbroker.api;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WHATWG {@code application/x-www-form-urlencoded} parser, strict where browsers are lenient: a
 * {@code %} not followed by two hex digits, bytes that are not valid in the charset, a parameter without a
 * name, or more than {@value #MAX_PARAMETERS} parameters refuse the whole body (400) instead of being
 * passed on garbled. Hand-written because RESTEasy Reactive's reader throws unchecked exceptions on such
 * input (500s) and, like {@link java.net.URLDecoder} and Netty's decoder, replaces invalid bytes silently.
 */
public final class FormDecoder {
    /** Far above what any endpoint takes (the STS facade sends at most about ten). */
    public static final int MAX_PARAMETERS = 64;

    private FormDecoder() {}

    public static FormBody decode(byte[] body, Charset charset) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        int count = 0;
        int start = 0;
        while (start <= body.length) {
            int end = indexOf(body, (byte) '&', start, body.length);
            if (end > start) {
                if (++count > MAX_PARAMETERS) {
                    throw bad("the form has more than " + MAX_PARAMETERS + " parameters");
                }
                // Searched within this parameter only, so a body of many '='-less parameters stays linear.
                int eq = indexOf(body, (byte) '=', start, end);
                String name = component(body, start, eq, charset);
                String value = eq < end ? component(body, eq + 1, end, charset) : "";
                if (name.isEmpty()) {
                    throw bad("form parameter " + count + " has no name");
                }
                params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        params.replaceAll((k, v) -> List.copyOf(v));
        return new FormBody(params);
    }

    /** One name or value: {@code +} is a space, {@code %XX} a byte; then the bytes decoded strictly. */
    private static String component(byte[] body, int from, int to, Charset charset) {
        if (plainAscii(body, from, to)) {
            // The common case (a JWT, a role name): nothing to unescape, and ASCII reads the same in every accepted charset.
            return new String(body, from, to - from, StandardCharsets.US_ASCII);
        }
        byte[] bytes = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b == '+') {
                bytes[n++] = ' ';
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(body[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(body[i + 2], 16) : -1;
                if (lo < 0) {
                    throw bad("the form is not valid percent-encoding: '%' at byte " + i + " is not followed by two hex digits");
                }
                bytes[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                bytes[n++] = b;
            }
        }
        try {
            CharBuffer chars = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw bad("the form is not valid " + charset.name() + " (bytes " + from + " to " + to + ")");
        }
    }

    private static boolean plainAscii(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (b < 0 || b == '%' || b == '+') {
                return false;
            }
        }
        return true;
    }

    /** The first {@code b} in {@code body[from, to)}, or {@code to}. */
    private static int indexOf(byte[] body, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static RequestRejected bad(String description) {
        return new RequestRejected(400, description);
    }
}
