package dev.wifbroker.credential.admin;

import dev.wifbroker.keys.BrokerIssuer;

/**
 * What makes an admin token an admin token, shared by the minter and the API that accepts it: its own JWT
 * {@code typ} (internal tokens are {@code at+jwt}) and its own audience, so neither kind passes for the other.
 */
public final class AdminTokens {
    /** The JOSE header {@code typ} of admin tokens. */
    public static final String TYP = "wif-admin+jwt";
    /** The claim listing the token's permissions, an array of {@link AdminPermission#id()}. */
    public static final String PERMISSIONS = "permissions";

    private AdminTokens() {}

    /** {@code broker.admin.audience}, or the broker's issuer URL followed by {@code /admin}. */
    public static String audience(AdminConfig config, BrokerIssuer issuer) {
        return config.audience().filter(a -> !a.isBlank()).orElse(issuer.url() + "/admin");
    }
}
