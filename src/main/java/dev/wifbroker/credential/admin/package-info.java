/**
 * Admin credentials: a broker-signed JWT ({@code typ: wif-admin+jwt}, the admin audience, a {@code permissions}
 * claim) that an operator obtains at {@code /v1/token} through a role's {@code credentials.admin} block and presents
 * to {@code /admin/v1/*}. Entry points: {@link dev.wifbroker.credential.admin.AdminKind} (policy block),
 * {@link dev.wifbroker.credential.admin.AdminTokenMinter} (signing); {@code api.admin.AdminAccess} verifies them.
 * Depends only on {@code dev.wifbroker.keys}; never on identity, policy or api.
 */
package dev.wifbroker.credential.admin;
