package dev.wifbroker.credential.admin;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an admin token lets an operator do on the management interface ({@code /admin/v1/*}). */
public enum AdminPermission {
    /** Status and policy, roles, issuers, the broker's keys, recent decisions, the revocation list. */
    READ,
    /** {@code POST /admin/v1/explain} and {@code /admin/v1/verify}. */
    EXPLAIN,
    /** Adding and lifting revocations (listing them needs {@link #READ}). */
    REVOKE;

    /** The spelling in policies, tokens and error answers: {@code read}, {@code explain}, {@code revoke}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AdminPermission> parse(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }
}
