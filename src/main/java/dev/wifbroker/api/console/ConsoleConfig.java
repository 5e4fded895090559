package dev.wifbroker.api.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The web console ({@code broker.console.*}). Off unless {@code issuer} is set; then {@code client-id}, {@code role}
 * and {@code url} are required too (checked at start, {@link ConsoleSettings}).
 */
@ConfigMapping(prefix = "broker.console")
public interface ConsoleConfig {

    /** The operator IdP's issuer URL (its discovery document is {@code <issuer>/.well-known/openid-configuration}). */
    Optional<String> issuer();

    /**
     * The console's client id at the IdP: a public client (no secret: PKCE protects the code). Its ID tokens carry it
     * as {@code aud}, so the IdP's issuer file in the trust policy lists it under {@code audiences}.
     */
    Optional<String> clientId();

    /** The role whose {@code admin} target the operator's ID token is exchanged for. */
    Optional<String> role();

    /**
     * The console's origin as the browser reaches it ({@code https://broker-admin.example.com:9000}); the IdP
     * redirects to {@code <url>/console/callback}, and a mutation whose {@code Origin} differs is refused.
     * {@code http} only on a loopback host.
     */
    Optional<String> url();

    /** Scopes asked of the IdP. */
    @WithDefault("openid")
    List<String> scopes();

    /** How long a started login may take at the IdP before its callback is refused. */
    @WithDefault("10m")
    Duration loginTimeout();

    /** Connect and read timeout of each call to the IdP (discovery, token request). */
    @WithDefault("5s")
    Duration idpTimeout();
}
