package dev.wifbroker.demo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Serves the demo issuer on the management interface, which is loopback-only by default:
 * {@code POST /demo/v1/token?kind=&audience=} mints (optional JSON body of claims to set), and
 * {@code /demo/{kind}/.well-known/openid-configuration} and {@code /demo/{kind}/jwks} publish its key. Registered only
 * when {@code broker.demo.enabled}, and outside the dev and test profiles only with
 * {@code broker.demo.allow-in-production}: the sample policies trust its tokens, operator roles included.
 */
@ApplicationScoped
public class DemoRoutes {
    private static final Logger LOG = Logger.getLogger(DemoRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> PARAMETERS = Set.of("kind", "audience");

    @ConfigMapping(prefix = "broker.demo")
    public interface DemoConfig {
        /** Off by default; the dev profile turns it on for the README walkthrough. */
        @WithDefault("false")
        boolean enabled();

        /**
         * Required, besides {@code enabled}, to run the demo issuer in any profile but dev and test (a packaged
         * jar or container runs {@code prod}): anyone who reaches the management port gets tokens the sample
         * policies trust.
         */
        @WithDefault("false")
        boolean allowInProduction();

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

    void check(@Observes StartupEvent start) {
        Optional<String> refusal = refusal(config.enabled(), ConfigUtils.getProfiles(), config.allowInProduction());
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
        if (config.enabled() && !devOrTest(ConfigUtils.getProfiles())) {
            LOG.warnf("DEMO ISSUER ENABLED IN PROFILE %s (broker.demo.allow-in-production=true): any process that reaches"
                    + " the management port can mint tokens the demo-* policies trust, operator roles included. Never in a real"
                    + " deployment: remove both settings and the trust-policies/demo-* files", ConfigUtils.getProfiles());
        }
    }

    /** Why the demo issuer may not start with these profiles, if it may not. */
    static Optional<String> refusal(boolean enabled, List<String> profiles, boolean allowInProduction) {
        if (!enabled || devOrTest(profiles) || allowInProduction) {
            return Optional.empty();
        }
        return Optional.of("refusing to start: broker.demo.enabled=true in profile " + String.join(",", profiles)
                + ": the demo issuer mints tokens the sample policies trust (operator roles included) and is for dev mode;"
                + " for a local trial of a packaged broker also set broker.demo.allow-in-production=true"
                + " (BROKER_DEMO_ALLOW_IN_PRODUCTION), never in a real deployment");
    }

    private static boolean devOrTest(List<String> profiles) {
        return profiles.contains("dev") || profiles.contains("test");
    }

    void register(@Observes ManagementInterface management) {
        if (!config.enabled() || refusal(true, ConfigUtils.getProfiles(), config.allowInProduction()).isPresent()) {
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
        Set<String> unknown = new TreeSet<>(rc.queryParams().names());
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            error(rc, "unknown parameter(s) " + unknown + ": the parameters are kind and audience; claims go in the JSON body");
            return;
        }
        for (String p : PARAMETERS) {
            if (rc.queryParam(p).size() > 1) {
                error(rc, "parameter '" + p + "' is repeated");
                return;
            }
        }
        String kind = rc.request().getParam("kind", "github");
        if (!DemoIssuer.KINDS.contains(kind)) {
            error(rc, "kind must be one of " + DemoIssuer.KINDS);
            return;
        }
        Optional<String> audience = Optional.ofNullable(rc.request().getParam("audience"));
        if (audience.isPresent() && audience.get().isEmpty()) {
            error(rc, "parameter 'audience' is empty");
            return;
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        String body = rc.body() == null ? null : rc.body().asString();
        if (body != null && !body.isBlank()) {
            try {
                overrides = JSON.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {});
            } catch (Exception e) {
                error(rc, "body must be a JSON object of claims to set");
                return;
            }
        }
        try {
            String token = issuer.mint(kind, audience, config.audience(), overrides);
            json(rc, 200, "{\"token\":\"" + token + "\"}");
        } catch (DemoClaims.Refused e) {
            error(rc, e.getMessage());
        }
    }

    private static void error(RoutingContext rc, String message) {
        try {
            json(rc, 400, JSON.writeValueAsString(Map.of("error", message)));
        } catch (Exception e) {
            json(rc, 400, "{\"error\":\"invalid demo request\"}");
        }
    }

    private static void json(RoutingContext rc, int status, String body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
