package dev.wifbroker.api.console;

import dev.wifbroker.http.Loopback;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The console's validated settings: {@link ConsoleConfig} checked once, every problem at once, so a half-configured
 * console stops the start instead of serving a login that cannot work.
 *
 * @param origin the console's origin as the browser sends it in {@code Origin} ({@code scheme://host[:port]})
 * @param callback where the IdP sends the browser back: {@code <origin>/console/callback}
 */
public record ConsoleSettings(URI issuer, String clientId, String role, String origin, URI callback, List<String> scopes,
        Duration loginTimeout, Duration idpTimeout) {

    /** Empty when the console is off (no issuer); a start-stopping exception naming every missing or bad setting. */
    public static Optional<ConsoleSettings> of(ConsoleConfig config) {
        if (config.issuer().isEmpty()) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        URI issuer = uri("broker.console.issuer", config.issuer().get(), problems);
        String clientId = required("broker.console.client-id", config.clientId(), problems);
        String role = required("broker.console.role", config.role(), problems);
        URI url = config.url().map(u -> uri("broker.console.url", u, problems)).orElse(null);
        if (config.url().isEmpty()) {
            problems.add("broker.console.url is required (the console's origin as the browser reaches it)");
        } else if (url != null && url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) {
            problems.add("broker.console.url must be an origin without a path, e.g. https://broker-admin.example.com:9000");
        }
        if (!config.scopes().contains("openid")) {
            problems.add("broker.console.scopes must include openid");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("console configuration refused: " + String.join("; ", problems));
        }
        String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority().toLowerCase(Locale.ROOT);
        return Optional.of(new ConsoleSettings(issuer, clientId, role, origin, URI.create(origin + "/console/callback"),
                List.copyOf(config.scopes()), config.loginTimeout(), config.idpTimeout()));
    }

    private static String required(String key, Optional<String> value, List<String> problems) {
        if (value.isEmpty() || value.get().isBlank()) {
            problems.add(key + " is required when broker.console.issuer is set");
            return null;
        }
        return value.get();
    }

    /** https, or http on a loopback host only (tests and local IdPs), as for issuers. */
    private static URI uri(String key, String value, List<String> problems) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && Loopback.isLoopbackHost(uri.getHost()))) {
                problems.add(key + " must be an https URL (http only on a loopback host): " + value);
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(key + " is not a URL: " + value);
            return null;
        }
    }
}
