package dev.wifbroker.identity.issuer;

import dev.wifbroker.identity.profile.IssuerProfile;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * A validated trusted issuer, as compiled from {@code trust-policies/issuers/*.yaml}.
 *
 * @param name the issuer's name, which roles refer to
 * @param url the exact {@code iss} value; compared byte for byte
 * @param audiences at least one; a token's {@code aud} must contain one of them
 * @param algorithms the allowlist; asymmetric only
 * @param clockSkew tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param maxTokenAge bound on {@code now - iat}
 * @param maxLifetime bound on {@code exp - iat}
 * @param source the file it came from, for messages
 */
public record IssuerSpec(
        String name,
        IssuerProfile profile,
        String url,
        List<String> audiences,
        JwksSpec jwks,
        Set<String> algorithms,
        Duration clockSkew,
        Duration maxTokenAge,
        Duration maxLifetime,
        ReplayMode replay,
        boolean allowInsecureHttp,
        String description,
        String source) {

    public IssuerSpec {
        audiences = List.copyOf(audiences);
        algorithms = Set.copyOf(algorithms);
    }

    public URI uri() {
        return URI.create(url);
    }
}
