package dev.wifbroker.api.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wifbroker.identity.TokenVerifier;
import dev.wifbroker.identity.TrustedIssuer;
import dev.wifbroker.identity.VerifierSettings;
import dev.wifbroker.identity.issuer.JwksSpec;
import dev.wifbroker.identity.jwks.KeySource;
import dev.wifbroker.identity.profile.ProfileKind;
import dev.wifbroker.testing.Issuers;
import dev.wifbroker.testing.TestKeys;
import dev.wifbroker.testing.Tokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class VerifyEndpointRetryTest {
    private static final String URL = "https://issuer.example/down";

    /** An issuer whose keys were never fetched and whose refetch fails: the verifier's retryable 503. */
    private static final KeySource UNREACHABLE = new KeySource() {
        @Override
        public Optional<dev.wifbroker.identity.jwks.JwksSnapshot> snapshot() {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<RefreshOutcome> refreshForUnknownKey() {
            return CompletableFuture.completedFuture(new RefreshOutcome(Optional.empty(), RefreshOutcome.Status.FAILED,
                    "connection refused"));
        }

        @Override
        public Duration retryHint() {
            return Duration.ofSeconds(7);
        }
    };

    @Test
    void a_token_of_an_issuer_whose_keys_are_unavailable_answers_503_with_the_sources_retry_hint() throws Exception {
        TrustedIssuer issuer = new TrustedIssuer(Issuers.spec("down", ProfileKind.OIDC, URL,
                new JwksSpec.Remote(URI.create(URL + "/jwks"))), UNREACHABLE);
        VerifyEndpoint endpoint = new VerifyEndpoint(new TokenVerifier(Issuers.lookup(issuer), VerifierSettings.defaults(),
                Clock.systemUTC()));
        String token = Tokens.sign(Tokens.fresh(new java.util.HashMap<>(Map.of("iss", URL, "sub", "x", "aud", Issuers.AUDIENCE)), Instant.now(), 300),
                TestKeys.rsa("k1"), "RS256");

        AdminRoutes.AdminResponse response = endpoint.handle(new ObjectMapper().valueToTree(Map.of("token", token)));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.retryAfterSeconds()).isEqualTo(7);
        assertThat(((Map<?, ?>) response.body()).get("reason")).isEqualTo("jwks_unavailable");
    }
}
