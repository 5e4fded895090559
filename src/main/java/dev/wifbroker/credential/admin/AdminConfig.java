package dev.wifbroker.credential.admin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code broker.admin.*}: how the operator API on the management interface is protected (docs/api.md). */
@ConfigMapping(prefix = "broker.admin")
public interface AdminConfig {

    /**
     * {@code required}: every {@code /admin/v1/*} call carries a broker-issued admin token. {@code none}: no
     * authentication, allowed only while the management interface is bound to loopback (the dev-mode default).
     */
    @WithDefault("required")
    Auth auth();

    /** The {@code aud} of admin tokens; default {@code <broker.issuer-url>/admin}. */
    Optional<String> audience();

    enum Auth {
        REQUIRED,
        NONE
    }
}
