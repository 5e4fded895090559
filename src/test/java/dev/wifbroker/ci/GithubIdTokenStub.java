package dev.wifbroker.ci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wifbroker.testing.BrokerTestResource;
import dev.wifbroker.testing.Tokens;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The GitHub Actions runtime's ID-token endpoint on 127.0.0.1, as {@code @actions/core}'s {@code getIDToken}
 * sees it: {@code GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=AUD} with {@code Authorization: bearer
 * $ACTIONS_ID_TOKEN_REQUEST_TOKEN}, answered {@code {"count":N,"value":"<jwt>"}}. Each answer is a fresh token of
 * the broker's test GitHub issuer (signed with its key), {@code aud} the requested audience, as GitHub does.
 */
final class GithubIdTokenStub implements AutoCloseable {
    static final String PATH = "/_apis/distributedtask/hubs/Actions/plans/7d4c2a8e-0b1f-4e3a-9c5d-1a2b3c4d5e6f/jobs/"
            + "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f/idtoken";
    final String requestToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.runtime-" + UUID.randomUUID() + ".c2lnbmF0dXJl";
    /** Every ID token handed out, in order. */
    final List<String> issued = new CopyOnWriteArrayList<>();
    /** The {@code audience} of every request that carried the right credentials. */
    final List<String> audiences = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String sub;
    private volatile Consumer<Map<String, Object>> edit = c -> {};

    GithubIdTokenStub() throws IOException {
        sub = "repo:octo-org/octo-repo:environment:production:" + UUID.randomUUID(); // one identity per stub: rate limits
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code ACTIONS_ID_TOKEN_REQUEST_URL}: GitHub's shape, with its {@code api-version} query. */
    String requestUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH + "?api-version=2.0";
    }

    String sub() {
        return sub;
    }

    /** Changes the claims of the tokens issued from now on (e.g. another {@code ref}). */
    void claims(Consumer<Map<String, Object>> edit) {
        this.edit = edit;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(PATH)
                    || !"2.0".equals(query.get("api-version"))) {
                answer(exchange, 404, "{\"message\":\"not found\"}");
                return;
            }
            if (auth == null || !auth.regionMatches(true, 0, "bearer ", 0, 7) || !auth.substring(7).equals(requestToken)) {
                answer(exchange, 401, "{\"message\":\"Bad credentials\"}");
                return;
            }
            String audience = query.get("audience");
            if (audience == null || audience.isEmpty()) {
                // Without audience GitHub answers aud https://github.com/OWNER; the broker must never see that.
                answer(exchange, 400, "{\"message\":\"the action must ask for the broker's audience\"}");
                return;
            }
            audiences.add(audience);
            Map<String, Object> claims = Tokens.fresh(Tokens.fixture("github/deploy-main-production.json"), Instant.now(), 300);
            claims.put("iss", BrokerTestResource.issuerUrl("github"));
            claims.put("sub", sub);
            claims.put("aud", audience);
            claims.put("jti", UUID.randomUUID().toString());
            edit.accept(claims);
            String token = Tokens.sign(claims, BrokerTestResource.GITHUB_KEY, "RS256");
            issued.add(token);
            answer(exchange, 200, "{\"count\":" + token.length() + ",\"value\":\"" + token + "\"}");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
