package dev.wifbroker.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Serves the demo issuer on the management interface, which is loopback-only by default:
 * {@code POST /demo/v1/token} mints, {@code /demo/{kind}/.well-known/openid-configuration} and
 * {@code /demo/{kind}/jwks} publish its key. Registered only when {@code broker.demo.enabled}.
 */
@ApplicationScoped
public class DemoRoutes {
    private static final Logger LOG = Logger.getLogger(DemoRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @ConfigMapping(prefix = "broker.demo")
    public interface DemoConfig {
        /** Off in production; the dev profile turns it on for the README walkthrough. */
        @WithDefault("false")
        boolean enabled();

        /** The base of the demo issuers' URLs; must match the sample policies' issuer files. */
        @WithDefault("http://127.0.0.1:9000/demo")
        String baseUrl();

        @WithDefault("https://broker.example.com")
        String audience();
    }

    private final DemoConfig config;
    private final Clock clock;

    public DemoRoutes(DemoConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    void register(@Observes ManagementInterface management) {
        if (!config.enabled()) {
            return;
        }
        DemoIssuer issuer = new DemoIssuer(config.baseUrl(), clock);
        Router router = management.router();
        router.route("/demo/*").handler(BodyHandler.create().setBodyLimit(16 * 1024));
        router.post("/demo/v1/token").handler(rc -> mint(rc, issuer));
        for (String kind : DemoIssuer.KINDS) {
            router.get("/demo/" + kind + "/.well-known/openid-configuration")
                    .handler(rc -> json(rc, 200, issuer.discovery(kind)));
            router.get("/demo/" + kind + "/jwks").handler(rc -> json(rc, 200, issuer.jwks()));
        }
        LOG.warnf("demo issuer enabled at %s/{%s}: for local trials only", config.baseUrl(), String.join(",", DemoIssuer.KINDS));
    }

    private void mint(RoutingContext rc, DemoIssuer issuer) {
        String kind = rc.request().getParam("kind", "github");
        Map<String, Object> overrides = new LinkedHashMap<>();
        String body = rc.body() == null ? "" : rc.body().asString();
        if (body != null && !body.isBlank()) {
            try {
                overrides = JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {});
            } catch (Exception e) {
                json(rc, 400, "{\"error\":\"body must be a JSON object of claims to override\"}");
                return;
            }
        }
        if (!DemoIssuer.KINDS.contains(kind)) {
            json(rc, 400, "{\"error\":\"kind must be one of " + DemoIssuer.KINDS + "\"}");
            return;
        }
        String token = issuer.mint(kind, rc.request().getParam("audience", config.audience()), 300, overrides);
        json(rc, 200, "{\"token\":\"" + token + "\"}");
    }

    private static void json(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
