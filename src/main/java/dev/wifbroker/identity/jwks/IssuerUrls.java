package dev.wifbroker.identity.jwks;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** The one rule for issuer and key URLs: https, or http to a loopback host when explicitly allowed. */
public final class IssuerUrls {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

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
        return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
    }
}
