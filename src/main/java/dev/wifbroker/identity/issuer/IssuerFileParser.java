package dev.wifbroker.identity.issuer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.identity.jwks.IssuerUrls;
import dev.wifbroker.identity.jwks.JwksSnapshot;
import dev.wifbroker.identity.jwks.JwsAlgorithms;
import dev.wifbroker.identity.profile.IssuerProfile;
import dev.wifbroker.identity.profile.IssuerProfiles;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlFile;
import dev.wifbroker.yaml.YamlObject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Binds one issuer file strictly: unknown fields, bad values and unsafe settings are all reported at once. */
public final class IssuerFileParser {
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,62}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"name", "profile", "url", "audiences", "jwks", "algorithms", "clockSkew",
        "maxTokenAge", "maxLifetime", "replay", "allowInsecureHttp", "description"};

    private final Path policyDir;

    /** @param policyDir the directory that relative {@code jwks.file} paths resolve against */
    public IssuerFileParser(Path policyDir) {
        this.policyDir = policyDir;
    }

    public Optional<IssuerSpec> parse(String text, Problems problems) {
        return YamlFile.parse(text, problems).flatMap(root -> bind(root, problems));
    }

    private Optional<IssuerSpec> bind(YamlObject root, Problems problems) {
        String name = root.string("name");
        if (name != null && !name.matches(NAME_PATTERN)) {
            problems.error(root.raw("name").orElse(root.node()), "issuer name '" + name
                    + "' must be lowercase letters, digits, '.', '_' or '-' (at most 63)");
        }
        IssuerProfile profile = profile(root, problems);
        boolean insecure = root.optBoolean("allowInsecureHttp").orElse(false);
        String url = url(root, insecure, problems, profile);
        List<String> audiences = audiences(root, problems);
        JwksSpec jwks = jwks(root, insecure, problems);
        Set<String> algorithms = algorithms(root, profile, problems);
        Duration skew = root.optDuration("clockSkew").orElse(DEFAULT_CLOCK_SKEW);
        if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            problems.error(root.raw("clockSkew").orElse(root.node()), "clockSkew " + skew.toSeconds()
                    + " s is above the maximum of " + MAX_CLOCK_SKEW.toSeconds() + " s");
        }
        Duration maxAge = positive(root, "maxTokenAge", profile == null ? null : profile.defaultMaxTokenAge(), problems);
        Duration maxLifetime = positive(root, "maxLifetime", profile == null ? null : profile.defaultMaxLifetime(), problems);
        ReplayMode replay = replay(root, problems);
        String description = root.optString("description").orElse("");
        root.finish(FIELDS);
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new IssuerSpec(name, profile, url, audiences, jwks, algorithms, skew, maxAge, maxLifetime,
                replay, insecure, description, problems.file()));
    }

    private static IssuerProfile profile(YamlObject root, Problems problems) {
        String id = root.word("profile");
        if (id == null) {
            return null;
        }
        Optional<ProfileKind> kind = ProfileKind.fromId(id);
        if (kind.isEmpty()) {
            problems.error(root.raw("profile").orElseThrow(), "unknown profile '" + id + "' (one of: "
                    + String.join(", ", Arrays.stream(ProfileKind.values()).map(ProfileKind::id).toList()) + ")");
            return null;
        }
        return IssuerProfiles.of(kind.get());
    }

    private static String url(YamlObject root, boolean insecure, Problems problems, IssuerProfile profile) {
        String text = root.string("url");
        if (text == null) {
            return null;
        }
        Node at = root.raw("url").orElseThrow();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            problems.error(at, "url '" + text + "' is not a valid URL");
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            problems.error(at, "url must not have a query, fragment or user info");
        }
        lowerCaseScheme(uri, "url", at, problems);
        if (!IssuerUrls.acceptable(uri, insecure)) {
            problems.error(at, insecure && "http".equalsIgnoreCase(uri.getScheme())
                    ? "allowInsecureHttp permits http:// only for loopback hosts (127.0.0.1, localhost, [::1])"
                    : "issuer url must be https:// (http:// only with allowInsecureHttp: true on a loopback host)");
        }
        if (profile != null && !IssuerUrls.isLoopback(uri)) {
            profile.checkIssuerUrl(uri, message -> problems.error(at, message));
        }
        if (profile != null) {
            IssuerProfiles.multiTenantOwner(uri).filter(owner -> owner != profile.kind()).ifPresent(owner -> problems.error(at,
                    "url " + text + " is a multi-tenant issuer shared by every " + IssuerProfiles.of(owner).spec().tenancy().noun()
                    + " on the service: it needs profile " + owner.id() + " (not " + profile.kind().id() + "), whose lints make every role"
                    + " pin a tenant. Fix: profile: " + owner.id()));
        }
        return text;
    }

    /** {@code HTTPS://} is https to a URL parser but never equals the {@code iss} a token carries, nor the schema's pattern. */
    private static void lowerCaseScheme(URI uri, String field, Node at, Problems problems) {
        String scheme = uri.getScheme();
        if (scheme != null && !scheme.equals(scheme.toLowerCase(Locale.ROOT))) {
            problems.error(at, field + ": write the scheme in lower case (" + scheme.toLowerCase(Locale.ROOT) + "://)");
        }
    }

    private static List<String> audiences(YamlObject root, Problems problems) {
        List<String> audiences = root.stringList("audiences", false);
        if (!root.has("audiences") || audiences.isEmpty()) {
            problems.error(root.has("audiences") ? root.raw("audiences").orElseThrow() : root.node(),
                    "audiences is required: list the audience(s) workloads request for this broker");
        }
        for (String a : audiences) {
            if (a.isBlank()) {
                problems.error(root.raw("audiences").orElseThrow(), "audiences must not contain an empty value");
            }
        }
        return audiences;
    }

    private JwksSpec jwks(YamlObject root, boolean insecure, Problems problems) {
        Optional<YamlObject> maybe = root.optObject("jwks");
        if (maybe.isEmpty()) {
            if (!root.has("jwks")) {
                return new JwksSpec.Discovery();
            }
            return null;
        }
        YamlObject j = maybe.get();
        List<String> present = new ArrayList<>();
        for (String k : List.of("discovery", "uri", "inline", "file")) {
            if (j.has(k)) {
                present.add(k);
            }
        }
        JwksSpec spec = null;
        if (present.size() != 1) {
            problems.error(j.node(), "jwks needs exactly one of discovery, uri, inline or file (found "
                    + (present.isEmpty() ? "none" : String.join(", ", present)) + ")");
        } else {
            spec = switch (present.get(0)) {
                case "discovery" -> {
                    if (!j.optBoolean("discovery").orElse(false)) {
                        problems.error(j.keyNode("discovery"), "jwks.discovery must be true when given");
                    }
                    yield new JwksSpec.Discovery();
                }
                case "uri" -> remote(j, insecure, problems);
                case "inline" -> pinned(j.raw("inline").orElseThrow(), "inline", problems);
                default -> file(j, problems);
            };
        }
        for (String k : List.of("discovery", "uri", "inline", "file")) {
            j.raw(k);
        }
        j.finish("discovery", "uri", "inline", "file");
        return spec;
    }

    private static JwksSpec remote(YamlObject j, boolean insecure, Problems problems) {
        String text = j.optString("uri").orElse(null);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            lowerCaseScheme(uri, "jwks.uri", j.raw("uri").orElseThrow(), problems);
            if (!IssuerUrls.acceptable(uri, insecure)) {
                problems.error(j.raw("uri").orElseThrow(), "jwks.uri must be https:// (http:// only with allowInsecureHttp on loopback)");
            }
            return new JwksSpec.Remote(uri);
        } catch (URISyntaxException e) {
            problems.error(j.raw("uri").orElseThrow(), "jwks.uri '" + text + "' is not a valid URL");
            return null;
        }
    }

    private JwksSpec file(YamlObject j, Problems problems) {
        String text = j.optString("file").orElse(null);
        if (text == null) {
            return null;
        }
        Node at = j.raw("file").orElseThrow();
        Path path = policyDir.resolve(text).normalize();
        try {
            return pinnedJson(YamlFile.read(path), "file " + text, at, problems);
        } catch (IOException e) {
            problems.error(at, "cannot read jwks.file '" + text + "' (resolved to " + path + ")");
            return null;
        }
    }

    private static JwksSpec pinned(Node value, String origin, Problems problems) {
        try {
            return pinnedJson(JSON.writeValueAsString(YamlObject.plain(value)), origin, value, problems);
        } catch (IOException e) {
            problems.error(value, "jwks.inline is not a JWK Set");
            return null;
        }
    }

    private static JwksSpec pinnedJson(String json, String origin, Node at, Problems problems) {
        try {
            JwksSnapshot keys = JwksSnapshot.parse(json, Instant.now());
            if (keys.keys().isEmpty()) {
                problems.error(at, "jwks " + origin + " has no usable signature keys"
                        + (keys.skipped().isEmpty() ? "" : " (skipped: " + String.join("; ", keys.skipped()) + ")"));
            }
            return new JwksSpec.Pinned(keys, origin);
        } catch (IllegalArgumentException e) {
            problems.error(at, "jwks " + origin + ": " + e.getMessage());
            return null;
        }
    }

    private static Set<String> algorithms(YamlObject root, IssuerProfile profile, Problems problems) {
        List<String> listed = root.stringList("algorithms", false);
        if (!root.has("algorithms")) {
            return profile == null ? Set.of() : new LinkedHashSet<>(profile.defaultAlgorithms());
        }
        if (listed.isEmpty()) {
            problems.error(root.raw("algorithms").orElseThrow(), "algorithms must list at least one algorithm");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String alg : listed) {
            if (JwsAlgorithms.supported(alg)) {
                out.add(alg);
            } else {
                problems.error(root.raw("algorithms").orElseThrow(), "algorithms: " + JwsAlgorithms.whyRefused(alg));
            }
        }
        return out;
    }

    private static Duration positive(YamlObject root, String key, Duration fallback, Problems problems) {
        Optional<Duration> d = root.optDuration(key);
        if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
            problems.error(root.raw(key).orElseThrow(), key + " must be positive");
        }
        return d.orElse(fallback);
    }

    private static ReplayMode replay(YamlObject root, Problems problems) {
        Optional<String> text = root.optWord("replay");
        if (text.isEmpty()) {
            return ReplayMode.ALLOW;
        }
        return switch (text.get()) {
            case "reject" -> ReplayMode.REJECT;
            case "allow" -> ReplayMode.ALLOW;
            default -> {
                problems.error(root.raw("replay").orElseThrow(), "replay must be reject or allow, got '"
                        + text.get().toLowerCase(Locale.ROOT) + "'");
                yield ReplayMode.ALLOW;
            }
        };
    }
}
