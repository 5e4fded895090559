package dev.wifbroker.identity.jwks;

import dev.wifbroker.http.Loopback;
import java.net.URI;
import java.util.Locale;

/** The one rule for issuer and key URLs: https, or http to a loopback host when explicitly allowed. */
public final class IssuerUrls {
    private IssuerUrls() {}

    public static boolean acceptable(URI uri, boolean allowInsecureHttp) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        return scheme.equals("http") && allowInsecureHttp && isLoopback(uri);
    }

    public static boolean isLoopback(URI uri) {
        return uri.getHost() != null && Loopback.isLoopbackHost(uri.getHost().toLowerCase(Locale.ROOT));
    }
}
