package dev.wifbroker.api.console;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator IdP as an OpenID Connect client sees it, on Nimbus' OAuth 2.0 / OIDC SDK: its discovery document
 * (fetched on the first login, then kept for an hour), the authorization request (code flow, PKCE S256, state and
 * nonce), the callback's parameters and the token request. A public client: nothing secret is configured, the code
 * verifier binds the code to the login that asked for it. Blocking: called on worker threads only.
 */
final class OperatorIdp {
    private static final Duration METADATA_LIFETIME = Duration.ofHours(1);

    private final ConsoleSettings settings;
    private final Clock clock;
    private final AtomicReference<Discovered> metadata = new AtomicReference<>();

    private record Discovered(OIDCProviderMetadata metadata, Instant fetchedAt) {}

    /** What one login keeps between its redirect to the IdP and the callback. */
    record Pending(State state, Nonce nonce, CodeVerifier verifier) {}

    /** Why a login failed, as the operator may read it (no token, no IdP body). */
    static final class LoginFailure extends Exception {
        LoginFailure(String message) {
            super(message);
        }
    }

    OperatorIdp(ConsoleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** A new login: its secrets, and where to send the browser. */
    URI authorizationRedirect(Pending pending) throws LoginFailure {
        return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.scopes().toArray(String[]::new)),
                new ClientID(settings.clientId()), settings.callback())
                .endpointURI(metadata().getAuthorizationEndpointURI())
                .state(pending.state())
                .nonce(pending.nonce())
                .codeChallenge(pending.verifier(), CodeChallengeMethod.S256)
                .build().toURI();
    }

    static Pending newLogin() {
        return new Pending(new State(), new Nonce(), new CodeVerifier());
    }

    /** The callback's state and code; an error the IdP sent back (the operator declined, a bad client) as a failure. */
    static Callback callback(URI callbackWithQuery) throws LoginFailure {
        AuthenticationResponse response;
        try {
            response = AuthenticationResponseParser.parse(callbackWithQuery);
        } catch (ParseException e) {
            throw new LoginFailure("the IdP's answer is not an authorization response");
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = ((AuthenticationErrorResponse) response).getErrorObject();
            throw new LoginFailure("the IdP refused the login: " + error.getCode());
        }
        AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
        if (code == null || response.getState() == null) {
            throw new LoginFailure("the IdP's answer has no code or no state");
        }
        return new Callback(response.getState(), code);
    }

    record Callback(State state, AuthorizationCode code) {}

    /** Redeems the code with the login's verifier; the ID token, still to be verified by the caller. */
    String redeem(AuthorizationCode code, Pending pending) throws LoginFailure {
        TokenRequest request = new TokenRequest(metadata().getTokenEndpointURI(), new ClientID(settings.clientId()),
                new AuthorizationCodeGrant(code, settings.callback(), pending.verifier()));
        TokenResponse response;
        try {
            HTTPRequest http = request.toHTTPRequest();
            http.setConnectTimeout(timeoutMillis());
            http.setReadTimeout(timeoutMillis());
            response = OIDCTokenResponseParser.parse(http.send());
        } catch (IOException e) {
            throw new LoginFailure("the IdP's token endpoint did not answer");
        } catch (ParseException e) {
            throw new LoginFailure("the IdP's token endpoint answered something other than an OpenID Connect token response");
        }
        if (!response.indicatesSuccess()) {
            throw new LoginFailure("the IdP refused the code: " + response.toErrorResponse().getErrorObject().getCode());
        }
        var tokens = ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
        if (tokens.getIDTokenString() == null) {
            throw new LoginFailure("the IdP's token response has no ID token");
        }
        return tokens.getIDTokenString();
    }

    private OIDCProviderMetadata metadata() throws LoginFailure {
        Discovered known = metadata.get();
        if (known != null && known.fetchedAt().plus(METADATA_LIFETIME).isAfter(clock.instant())) {
            return known.metadata();
        }
        try {
            OIDCProviderMetadata fetched = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), timeoutMillis(), timeoutMillis());
            metadata.set(new Discovered(fetched, clock.instant()));
            return fetched;
        } catch (IOException | GeneralException | IllegalArgumentException e) {
            if (known != null) {
                return known.metadata(); // a passing outage of the IdP's discovery: the endpoints rarely move
            }
            throw new LoginFailure("the IdP's discovery document could not be read from " + settings.issuer());
        }
    }

    private int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, settings.idpTimeout().toMillis());
    }
}
