package dev.wifbroker.api.console;

import dev.wifbroker.text.Sha256;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;

/**
 * The console's two cookies. The session cookie holds the admin token itself (HttpOnly, Secure, SameSite=Strict,
 * path {@code /console}): every request is re-authenticated from it by {@code AdminAccess}, so any replica serves
 * any request and nothing about a session lives in the broker. The login cookie binds a started login to this
 * browser (its state, SameSite=Lax because the IdP's redirect back is a cross-site navigation, path of the callback
 * only, gone after ten minutes). The CSRF token is derived from the session's token, so only a page the console
 * rendered for this session can know it.
 */
final class ConsoleCookies {
    static final String SESSION = "wif_console";
    static final String LOGIN = "wif_console_login";
    private static final String CSRF_LABEL = "wif-broker console csrf\0";

    private ConsoleCookies() {}

    static String session(RoutingContext rc) {
        Cookie c = rc.request().getCookie(SESSION);
        return c == null || c.getValue().isEmpty() ? null : c.getValue();
    }

    static String loginState(RoutingContext rc) {
        Cookie c = rc.request().getCookie(LOGIN);
        return c == null ? null : c.getValue();
    }

    static void setSession(RoutingContext rc, String adminToken, Duration lifetime) {
        rc.response().addCookie(Cookie.cookie(SESSION, adminToken).setPath("/console").setHttpOnly(true).setSecure(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(Math.max(1, lifetime.toSeconds())));
    }

    static void clearSession(RoutingContext rc) {
        rc.response().addCookie(Cookie.cookie(SESSION, "").setPath("/console").setHttpOnly(true).setSecure(true)
                .setSameSite(CookieSameSite.STRICT).setMaxAge(0));
    }

    static void setLogin(RoutingContext rc, String state, Duration lifetime) {
        rc.response().addCookie(Cookie.cookie(LOGIN, state).setPath("/console/callback").setHttpOnly(true).setSecure(true)
                .setSameSite(CookieSameSite.LAX).setMaxAge(lifetime.toSeconds()));
    }

    static void clearLogin(RoutingContext rc) {
        rc.response().addCookie(Cookie.cookie(LOGIN, "").setPath("/console/callback").setHttpOnly(true).setSecure(true)
                .setSameSite(CookieSameSite.LAX).setMaxAge(0));
    }

    /** The session's CSRF token: a hash of its admin token under a label of its own (the token is never shown). */
    static String csrf(String adminToken) {
        byte[] digest = Sha256.digest((CSRF_LABEL + adminToken).getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    static boolean csrfMatches(String adminToken, String presented) {
        return presented != null && MessageDigest.isEqual(csrf(adminToken).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
