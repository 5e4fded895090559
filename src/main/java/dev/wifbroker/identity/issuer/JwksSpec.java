package dev.wifbroker.identity.issuer;

import dev.wifbroker.identity.jwks.JwksSnapshot;
import java.net.URI;

/** Where an issuer's keys come from. */
public sealed interface JwksSpec {

    /** OIDC discovery at {@code {url}/.well-known/openid-configuration}, then its {@code jwks_uri}. */
    record Discovery() implements JwksSpec {}

    /** A fixed JWKS URL. */
    record Remote(URI uri) implements JwksSpec {}

    /** Keys pinned inline or in a file, parsed when the policy loads. */
    record Pinned(JwksSnapshot keys, String origin) implements JwksSpec {}
}
