package dev.wifbroker.testing;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The form body a stub received (Google STS, Entra, AWS STS), decoded, in the order sent. */
public final class LoggedForm {
    private LoggedForm() {}

    public static Map<String, String> form(LoggedRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : request.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }
}
