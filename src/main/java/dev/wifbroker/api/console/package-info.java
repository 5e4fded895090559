/**
 * The operator web console at {@code /console} on the management interface: login with the authorization code
 * flow (PKCE) against the operator IdP ({@link dev.wifbroker.api.console.OperatorIdp}), the IdP's ID token verified
 * by the broker's {@code TokenVerifier} and exchanged through the trust policy for an admin token
 * ({@link dev.wifbroker.api.console.ConsoleLogin}), pages rendered with Qute from the same beans the
 * {@code /admin/v1/*} endpoints use ({@link dev.wifbroker.api.console.ConsolePages}). Entry point:
 * {@link dev.wifbroker.api.console.ConsoleRoutes}. Depends on {@code api.admin} (operator authentication and the
 * endpoints' views) and {@code exchange}; nothing depends on it.
 */
package dev.wifbroker.api.console;
