package dev.wifbroker.api.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.wifbroker.api.console.OperatorIdp.LoginFailure;
import dev.wifbroker.api.console.OperatorIdp.Pending;
import dev.wifbroker.exchange.ExchangeFailure;
import dev.wifbroker.exchange.ExchangeRequest;
import dev.wifbroker.exchange.ExchangeResult;
import dev.wifbroker.exchange.TokenExchange;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.VerificationException;
import dev.wifbroker.identity.VerifiedToken;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One operator login from start to admin token: the pending login (state, nonce, PKCE verifier) kept in this process
 * for {@code broker.console.login-timeout} and bound to the browser that started it by a cookie carrying its state;
 * at the callback the code is redeemed, the ID token verified by the broker's own {@link TokenVerifier} (the IdP
 * must be a trusted issuer of the policy, with the console's client id among its audiences) and checked to come from
 * the configured IdP with this login's nonce, then exchanged through the trust policy ({@link TokenExchange}) for
 * the configured role's {@code admin} target. The exchange is audited like any other.
 */
final class ConsoleLogin {
    private static final Logger LOG = Logger.getLogger(ConsoleLogin.class);

    private final ConsoleSettings settings;
    private final OperatorIdp idp;
    private final TokenVerifier verifier;
    private final TokenExchange exchange;
    private final Cache<String, Pending> pending;

    /** A signed-in operator's admin token and when it ends. */
    record SignedIn(String adminToken, Instant expiresAt, String decisionId) {}

    ConsoleLogin(ConsoleSettings settings, TokenVerifier verifier, TokenExchange exchange, Clock clock) {
        this.settings = settings;
        this.idp = new OperatorIdp(settings, clock);
        this.verifier = verifier;
        this.exchange = exchange;
        this.pending = Caffeine.newBuilder().expireAfterWrite(settings.loginTimeout()).maximumSize(10_000).build();
    }

    /** Starts a login: the state (for the binding cookie) and the IdP URL to send the browser to. */
    Start start() throws LoginFailure {
        Pending login = OperatorIdp.newLogin();
        URI redirect = idp.authorizationRedirect(login);
        pending.put(login.state().getValue(), login);
        return new Start(login.state().getValue(), redirect);
    }

    record Start(String state, URI redirect) {}

    /**
     * Finishes the login the browser's binding cookie names. Each pending login is used at most once, whatever the
     * outcome, so a replayed callback finds nothing.
     */
    SignedIn finish(URI callbackWithQuery, String boundState, String clientAddress) throws LoginFailure {
        OperatorIdp.Callback callback = OperatorIdp.callback(callbackWithQuery);
        String state = callback.state().getValue();
        if (boundState == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8), boundState.getBytes(StandardCharsets.UTF_8))) {
            throw new LoginFailure("this login was not started in this browser (state does not match); start again");
        }
        Pending login = pending.asMap().remove(state);
        if (login == null) {
            throw new LoginFailure("this login is unknown or took longer than " + settings.loginTimeout().toMinutes()
                    + " min; start again");
        }
        String idToken = idp.redeem(callback.code(), login);
        VerifiedToken verified;
        try {
            verified = verifier.verify(idToken);
        } catch (VerificationException e) {
            LOG.infof("console login refused: the IdP's ID token failed verification: %s", e.reason().code());
            throw new LoginFailure("the IdP's ID token was refused: " + e.reason().code()
                    + " (is the IdP a trusted issuer with the console's client id among its audiences?)");
        }
        if (!sameIssuer(verified.identity().issuerUrl())) {
            throw new LoginFailure("the ID token comes from another issuer than broker.console.issuer");
        }
        Optional<String> nonce = verified.identity().string("nonce");
        if (nonce.isEmpty() || !nonce.get().equals(login.nonce().getValue())) {
            throw new LoginFailure("the ID token does not carry this login's nonce");
        }
        try {
            ExchangeResult result = exchange.exchange(new ExchangeRequest(idToken, settings.role(), Optional.empty(),
                    Optional.empty(), Optional.of("admin"), clientAddress));
            if (!result.credential().kind().equals("admin")) {
                throw new LoginFailure("role " + settings.role() + " did not yield an admin token");
            }
            return new SignedIn(result.credential().tokenResponse().accessToken(), result.credential().expiresAt(),
                    result.decisionId());
        } catch (ExchangeFailure e) {
            throw new LoginFailure("the broker refused the exchange for role " + settings.role() + ": " + e.reason().code()
                    + " (decision " + e.decisionId() + ")");
        }
    }

    private boolean sameIssuer(String url) {
        String configured = settings.issuer().toString();
        return url != null && (url.equals(configured) || (url + "/").equals(configured) || url.equals(configured + "/"));
    }
}
