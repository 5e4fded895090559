package dev.wifbroker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** HTTP calls a client or an operator makes to one replica ({@link BrokerProcess}), with the answers parsed. */
public final class BrokerCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BrokerCalls() {}

    /** A status, the body, its JSON (or null) and the {@code Retry-After} header. */
    public record Reply(int status, String body, JsonNode json, Optional<String> retryAfter) {
        static Reply of(HttpResponse<String> r) {
            JsonNode json;
            try {
                json = JSON.readTree(r.body());
            } catch (IOException notJson) {
                json = null;
            }
            return new Reply(r.statusCode(), r.body(), json, r.headers().firstValue("Retry-After"));
        }

        /** The stable {@code reason} of a refusal, or {@code "-"}. */
        public String reason() {
            return json == null ? "-" : json.path("reason").asText("-");
        }

        public String accessToken() {
            return json.path("access_token").asText();
        }
    }

    /** RFC 8693 exchange of {@code token} for {@code role} at {@code replica}'s {@code POST /v1/token}. */
    public static Reply exchange(BrokerProcess replica, String token, String role) {
        String form = "grant_type=" + enc("urn:ietf:params:oauth:grant-type:token-exchange")
                + "&subject_token_type=" + enc("urn:ietf:params:oauth:token-type:jwt")
                + "&subject_token=" + enc(token) + "&audience=" + enc(role);
        return send(HttpRequest.newBuilder(replica.http().resolve("/v1/token")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** The replica's {@code /.well-known/jwks.json} document. */
    public static String jwks(BrokerProcess replica) {
        Reply r = send(HttpRequest.newBuilder(replica.http().resolve("/.well-known/jwks.json")).timeout(Duration.ofSeconds(5))
                .GET().build());
        if (r.status() != 200) {
            throw new AssertionError(replica.name() + " JWKS answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    /** The kids of the replica's JWKS. */
    public static Set<String> kids(BrokerProcess replica) {
        return kids(jwks(replica));
    }

    /** The kids of a JWKS document. */
    public static Set<String> kids(String jwks) {
        Set<String> kids = new TreeSet<>();
        try {
            JSON.readTree(jwks).path("keys").forEach(k -> kids.add(k.path("kid").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kids;
    }

    /** {@code GET /q/health/group/traffic}: what the Kubernetes readiness probe asks (health/TrafficGroup). */
    public static Reply traffic(BrokerProcess replica) {
        return send(HttpRequest.newBuilder(replica.http().resolve("/q/health/group/traffic")).timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** {@code GET /q/health/ready} (the main port, where kubelet probes it). */
    public static Reply readiness(BrokerProcess replica) {
        return send(HttpRequest.newBuilder(replica.http().resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build());
    }

    /** An operator call on the management port, e.g. {@code admin(r, "POST", "/admin/v1/revocations", json)}. */
    public static Reply admin(BrokerProcess replica, String method, String path, String json) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        return send(HttpRequest.newBuilder(replica.management().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").method(method, body).build());
    }

    private static Reply send(HttpRequest request) {
        try {
            return Reply.of(BrokerProcess.send(request));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
