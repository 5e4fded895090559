package dev.wifbroker.api.console;

import dev.wifbroker.api.ClientAddress;
import dev.wifbroker.api.admin.AdminRefusal;
import dev.wifbroker.api.admin.ConsoleViews;
import dev.wifbroker.api.admin.Operator;
import dev.wifbroker.api.console.OperatorIdp.LoginFailure;
import dev.wifbroker.audit.AuditEvent;
import dev.wifbroker.audit.AuditLog;
import dev.wifbroker.credential.admin.AdminPermission;
import dev.wifbroker.exchange.TokenExchange;
import dev.wifbroker.http.RetryAfter;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.text.CallerText;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@code /console} on the management interface, registered only when {@code broker.console.issuer} is set. Every
 * answer carries a strict Content-Security-Policy (no script at all, styles from this origin), is never cached and
 * cannot be framed. Pages need a session (the admin token in the session cookie, authenticated by
 * {@code AdminAccess} on every request) and the page's permission; every POST also needs the session's CSRF token
 * and this console's {@code Origin}, and a browser's {@code Sec-Fetch-Site} of {@code same-origin} when it sends one.
 */
@ApplicationScoped
public class ConsoleRoutes {
    private static final Logger LOG = Logger.getLogger(ConsoleRoutes.class);
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String OPERATOR = "wif.console.operator";

    private final Optional<ConsoleSettings> settings;
    private final ConsoleViews views;
    private final ConsolePages pages;
    private final TokenVerifier verifier;
    private final TokenExchange exchange;
    private final Clock clock;
    private final AuditLog auditLog;

    public ConsoleRoutes(ConsoleConfig config, ConsoleViews views, ConsolePages pages, TokenVerifier verifier,
            TokenExchange exchange, AuditLog auditLog, Clock clock) {
        this.auditLog = auditLog;
        this.settings = ConsoleSettings.of(config);
        this.views = views;
        this.pages = pages;
        this.verifier = verifier;
        this.exchange = exchange;
        this.clock = clock;
    }

    void register(@Observes ManagementInterface management) {
        if (settings.isEmpty()) {
            return;
        }
        ConsoleSettings s = settings.get();
        ConsoleLogin login = new ConsoleLogin(s, verifier, exchange, clock);
        Router router = management.router();
        router.route("/console*").order(Integer.MIN_VALUE + 2).handler(this::securityHeaders);
        router.route("/console*").handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES));
        router.get("/console/static/console.css").handler(pages::css);
        router.get("/console/login").blockingHandler(rc -> startLogin(rc, login), false);
        router.get("/console/callback").blockingHandler(rc -> finishLogin(rc, login), false);
        router.post("/console/logout").handler(rc -> mutation(rc, null, (op, form) -> {
            ConsoleCookies.clearSession(rc);
            pages.message(rc, 200, null, "Signed out", "You are signed out. The admin token stays valid until it expires;"
                    + " revoke its jti to end it sooner.", true);
        }));
        // Vert.x matches "/console" for "/console/" too: only the bare path is sent on.
        router.get("/console").handler(rc -> {
            if (rc.request().path().equals("/console")) {
                rc.redirect("/console/");
            } else {
                rc.next();
            }
        });
        router.get("/console/").blockingHandler(rc -> page(rc, AdminPermission.READ, op -> pages.overview(rc, op)), false);
        router.get("/console/roles").blockingHandler(rc -> page(rc, AdminPermission.READ, op -> pages.roles(rc, op)), false);
        router.get("/console/explain").handler(rc -> page(rc, AdminPermission.EXPLAIN, op -> pages.explainForm(rc, op)));
        router.post("/console/explain").blockingHandler(rc -> mutation(rc, AdminPermission.EXPLAIN,
                (op, form) -> pages.explain(rc, op, form)), false);
        // Blocking: each listed denial is explained again (and the live page asks every 5 s).
        router.get("/console/decisions").blockingHandler(rc -> page(rc, AdminPermission.READ, op -> pages.decisions(rc, op)), false);
        router.get("/console/revocations").handler(rc -> page(rc, AdminPermission.READ, op -> pages.revocations(rc, op)));
        router.post("/console/revocations").blockingHandler(rc -> mutation(rc, AdminPermission.REVOKE,
                (op, form) -> pages.revoke(rc, op, form)), false);
        router.get("/console/revocations/lift").handler(rc -> page(rc, AdminPermission.REVOKE, op -> pages.confirmLift(rc, op)));
        router.post("/console/revocations/lift").blockingHandler(rc -> mutation(rc, AdminPermission.REVOKE,
                (op, form) -> pages.lift(rc, op, form)), false);
        LOG.infof("console enabled at %s/console/ (operator IdP %s, role %s)", s.origin(), s.issuer(), s.role());
    }

    /** Security headers on every answer, and one audit event per console request naming the operator. */
    private void securityHeaders(RoutingContext rc) {
        if (!rc.request().path().startsWith("/console/static/")) {
            rc.addEndHandler(done -> audit(rc));
        }
        rc.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .putHeader("Cache-Control", "no-store");
        rc.next();
    }

    interface Page {
        void render(Operator operator) throws AdminRefusal;
    }

    interface Mutation {
        void apply(Operator operator, MultiMap form) throws AdminRefusal;
    }

    /** A page: no session sends the browser to log in; a refused one says why and offers a new login. */
    private void page(RoutingContext rc, AdminPermission permission, Page page) {
        String token = ConsoleCookies.session(rc);
        if (token == null) {
            rc.response().setStatusCode(303).putHeader("Location", "/console/login").end();
            return;
        }
        Operator operator = authenticated(rc, token);
        if (operator == null) {
            return;
        }
        try {
            operator.require(permission);
            page.render(operator);
        } catch (AdminRefusal e) {
            refused(rc, e);
        }
    }

    /**
     * A POST: a browser's cross-site or cross-origin request is refused before the session is even read, then the
     * session, the CSRF token and the permission are checked.
     */
    private void mutation(RoutingContext rc, AdminPermission permission, Mutation mutation) {
        String site = rc.request().getHeader("Sec-Fetch-Site");
        String origin = rc.request().getHeader("Origin");
        if (site != null && !site.equals("same-origin") || origin == null || !origin.toLowerCase(Locale.ROOT).equals(settings.get().origin())) {
            LOG.infof("console refused a cross-site %s %s (Origin %s)", rc.request().method(), rc.request().path(),
                    origin == null ? "absent" : CallerText.bounded(origin));
            pages.message(rc, 403, null, "Refused", "This form was not sent from the console itself (cross-site request).", false);
            return;
        }
        String token = ConsoleCookies.session(rc);
        if (token == null) {
            pages.message(rc, 401, null, "Not signed in", "Sign in to the console first.", true);
            return;
        }
        Operator operator = authenticated(rc, token);
        if (operator == null) {
            return;
        }
        MultiMap form = rc.request().formAttributes();
        if (!ConsoleCookies.csrfMatches(token, form.get("csrf"))) {
            LOG.infof("console refused %s %s for %s: missing or wrong CSRF token", rc.request().method(), rc.request().path(),
                    operator.subject());
            pages.message(rc, 403, operator, "Refused", "The form's CSRF token is missing or wrong; reload the page and try again.", false);
            return;
        }
        try {
            if (permission != null) {
                operator.require(permission);
            }
            mutation.apply(operator, form);
        } catch (AdminRefusal e) {
            refused(rc, e);
        }
    }

    /** The operator the session cookie proves, or null once a refusal (and a cleared cookie) has been sent. */
    private Operator authenticated(RoutingContext rc, String token) {
        try {
            Operator operator = views.authenticate(token);
            rc.put(OPERATOR, operator);
            return operator;
        } catch (AdminRefusal e) {
            ConsoleCookies.clearSession(rc);
            refused(rc, e);
            return null;
        }
    }

    private void audit(RoutingContext rc) {
        int status = rc.response().getStatusCode();
        AuditEvent.Builder event = AuditEvent.builder("console", clock.instant()).outcome(status < 400 ? "allow" : "deny")
                .endpoint(rc.request().method().name() + " " + CallerText.bounded(rc.request().path())).status(status)
                .clientAddress(ClientAddress.of(rc.request()));
        Operator operator = rc.get(OPERATOR);
        if (operator != null) {
            operator.describe(event);
        }
        auditLog.record(event.build());
    }

    private void refused(RoutingContext rc, AdminRefusal e) {
        boolean unauthenticated = e.status() == 401;
        e.retryAfter().ifPresent(d -> rc.response().putHeader("Retry-After", Long.toString(RetryAfter.seconds(d))));
        pages.message(rc, e.status(), null, unauthenticated ? "Session not valid" : e.status() == 403 ? "Not permitted" : "Unavailable",
                e.reason() + ": " + e.getMessage(), unauthenticated);
    }

    private void startLogin(RoutingContext rc, ConsoleLogin login) {
        try {
            ConsoleLogin.Start start = login.start();
            ConsoleCookies.setLogin(rc, start.state(), settings.get().loginTimeout());
            rc.response().setStatusCode(302).putHeader("Location", start.redirect().toString()).end();
        } catch (LoginFailure e) {
            pages.message(rc, 503, null, "Login unavailable", e.getMessage(), true);
        }
    }

    private void finishLogin(RoutingContext rc, ConsoleLogin login) {
        String query = rc.request().query();
        // Read before clearing: the request's and the response's cookies are one jar in Vert.x.
        String boundState = ConsoleCookies.loginState(rc);
        ConsoleCookies.clearLogin(rc);
        try {
            URI callback = URI.create(settings.get().callback() + (query == null ? "" : "?" + query));
            ConsoleLogin.SignedIn signedIn = login.finish(callback, boundState, ClientAddress.of(rc.request()));
            ConsoleCookies.setSession(rc, signedIn.adminToken(), Duration.between(clock.instant(), signedIn.expiresAt()));
            LOG.infof("console login: admin token issued (decision %s)", signedIn.decisionId());
            pages.signedIn(rc);
        } catch (LoginFailure e) {
            LOG.infof("console login failed: %s", e.getMessage());
            pages.message(rc, 400, null, "Login failed", e.getMessage(), true);
        } catch (IllegalArgumentException e) {
            pages.message(rc, 400, null, "Login failed", "the callback's query is not a valid URL query", true);
        }
    }

}
