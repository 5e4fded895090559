package dev.wifbroker.api.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A minimal OpenID Connect provider on 127.0.0.1 for the console's tests: discovery, JWKS, an authorization endpoint
 * that approves at once (no login page) and redirects back with a code, and a token endpoint that redeems a code
 * once, only with the PKCE verifier whose S256 challenge the authorization request carried, the same client id and
 * redirect URI, and answers an RS256 ID token with the request's nonce. Also serves a page from another site
 * ({@code http://localhost:PORT/cross-site}) whose form posts to the console.
 */
final class OperatorIdpStub implements AutoCloseable {
    static final String CLIENT_ID = "wif-console";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final PublicJsonWebKey key = TestKeys.rsa("idp-1");
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** The operator the next login signs in as (its claims beyond iss/aud/nonce/times). */
    private final AtomicReference<Map<String, Object>> operator = new AtomicReference<>(alice());
    private final AtomicInteger redeemed = new AtomicInteger();
    private final AtomicInteger refusedVerifiers = new AtomicInteger();
    private volatile String crossSiteTarget = "";

    private record Grant(String clientId, String redirectUri, String challenge, String nonce) {}

    OperatorIdpStub(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/openid-configuration", ex -> json(ex, 200, Map.of(
                "issuer", issuer(),
                "authorization_endpoint", issuer() + "/authorize",
                "token_endpoint", issuer() + "/token",
                "jwks_uri", issuer() + "/jwks",
                "response_types_supported", List.of("code"),
                "subject_types_supported", List.of("public"),
                "id_token_signing_alg_values_supported", List.of("RS256"),
                "code_challenge_methods_supported", List.of("S256"))));
        server.createContext("/jwks", ex -> send(ex, 200, "application/json", TestKeys.jwks(List.of(key))));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/cross-site", this::crossSite);
        server.start();
    }

    static Map<String, Object> alice() {
        return new LinkedHashMap<>(Map.of("sub", "alice", "email", "alice@example.com", "name", "Alice Operator"));
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The cross-site page, on another site than the console (localhost is not 127.0.0.1 to a browser). */
    String crossSitePage(String consoleUrl) {
        crossSiteTarget = consoleUrl;
        return "http://localhost:" + server.getAddress().getPort() + "/cross-site";
    }

    void signInAs(Map<String, Object> claims) {
        operator.set(new LinkedHashMap<>(claims));
    }

    int redeemed() {
        return redeemed.get();
    }

    int refusedVerifiers() {
        return refusedVerifiers.get();
    }

    /** An ID token as this IdP would issue it, for tests that exchange one themselves. */
    String idToken(Map<String, Object> claims, String nonce, long ttlSeconds) {
        Map<String, Object> c = Tokens.fresh(new LinkedHashMap<>(claims), Instant.now(), ttlSeconds);
        c.put("iss", issuer());
        c.put("aud", CLIENT_ID);
        if (nonce != null) {
            c.put("nonce", nonce);
        }
        return Tokens.sign(c, key, "RS256");
    }

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = params(ex.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        if (!CLIENT_ID.equals(q.get("client_id")) || redirect == null || !"code".equals(q.get("response_type"))
                || !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null || q.get("state") == null) {
            send(ex, 400, "text/plain", "bad authorization request");
            return;
        }
        String code = token();
        codes.put(code, new Grant(q.get("client_id"), redirect, q.get("code_challenge"), q.get("nonce")));
        ex.getResponseHeaders().add("Location", redirect + "?code=" + code + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = params(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (grant == null || !"authorization_code".equals(form.get("grant_type")) || !grant.clientId().equals(form.get("client_id"))
                || !grant.redirectUri().equals(form.get("redirect_uri"))) {
            json(ex, 400, Map.of("error", "invalid_grant"));
            return;
        }
        if (form.get("code_verifier") == null || !s256(form.get("code_verifier")).equals(grant.challenge())) {
            refusedVerifiers.incrementAndGet();
            json(ex, 400, Map.of("error", "invalid_grant", "error_description", "PKCE verifier does not match"));
            return;
        }
        redeemed.incrementAndGet();
        json(ex, 200, Map.of("access_token", token(), "token_type", "Bearer", "expires_in", 300,
                "id_token", idToken(operator.get(), grant.nonce(), 300)));
    }

    /** A page of another site whose form posts a revocation to the console (it needs no script: the test clicks). */
    private void crossSite(HttpExchange ex) throws IOException {
        send(ex, 200, "text/html", """
                <!DOCTYPE html><html><body><form method="post" action="%s/console/revocations">
                <input type="hidden" name="kind" value="role"><input type="hidden" name="value" value="cross-site-victim">
                <input type="hidden" name="csrf" value="guessed"><button id="go" type="submit">go</button></form></body></html>
                """.formatted(crossSiteTarget));
    }

    private String token() {
        byte[] b = new byte[24];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String s256(String verifier) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
