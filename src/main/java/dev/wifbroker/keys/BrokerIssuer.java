package dev.wifbroker.keys;

import dev.wifbroker.http.Loopback;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The broker's own issuer identifier: the {@code iss} of every token it signs, and the base of its
 * discovery document and JWKS URL. Clouds and relying parties compare it byte for byte, so it is kept
 * exactly as configured, minus a trailing slash.
 */
public record BrokerIssuer(String url) {
    public BrokerIssuer {
        while (url != null && url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("broker.issuer-url is not a URL: " + url);
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("broker.issuer-url must be an absolute URL without query or fragment: " + url);
        }
        boolean https = "https".equals(uri.getScheme());
        boolean loopbackHttp = "http".equals(uri.getScheme()) && Loopback.isLoopbackHost(uri.getHost());
        if (!https && !loopbackHttp) {
            // Relying parties fetch our keys from here; over plain http anyone on the path could substitute them.
            throw new IllegalArgumentException("broker.issuer-url must be https (http only on loopback): " + url);
        }
    }

    public String jwksUri() {
        return url + "/.well-known/jwks.json";
    }

    public String tokenEndpoint() {
        return url + "/v1/token";
    }
}
