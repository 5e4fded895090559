package dev.wifbroker.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The console is off unless configured, and a half or unsafe configuration stops the start naming every problem. */
class ConsoleSettingsTest {

    private record Config(Optional<String> issuer, Optional<String> clientId, Optional<String> role, Optional<String> url,
            List<String> scopes) implements ConsoleConfig {
        @Override
        public Duration loginTimeout() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration idpTimeout() {
            return Duration.ofSeconds(5);
        }
    }

    private static Config config(String issuer, String clientId, String role, String url, List<String> scopes) {
        return new Config(Optional.ofNullable(issuer), Optional.ofNullable(clientId), Optional.ofNullable(role),
                Optional.ofNullable(url), scopes);
    }

    @Test
    void withoutAnIssuerTheConsoleIsOff() {
        assertThat(ConsoleSettings.of(config(null, "c", "r", "https://a.example", List.of("openid")))).isEmpty();
    }

    @Test
    void aCompleteConfigurationGivesTheOriginAndTheCallback() {
        ConsoleSettings s = ConsoleSettings.of(config("https://idp.example.com", "wif-console", "console-admin",
                "https://Broker-Admin.example.com:9000", List.of("openid", "email"))).orElseThrow();
        assertThat(s.origin()).isEqualTo("https://broker-admin.example.com:9000");
        assertThat(s.callback()).hasToString("https://broker-admin.example.com:9000/console/callback");
        assertThat(s.scopes()).containsExactly("openid", "email");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("issuer without client id, role and url", config("https://idp.example.com", null, null, null, List.of("openid")),
                        List.of("broker.console.client-id is required", "broker.console.role is required", "broker.console.url is required")),
                Arguments.of("plain http issuer off loopback", config("http://idp.example.com", "c", "r", "https://a.example", List.of("openid")),
                        List.of("broker.console.issuer must be an https URL")),
                Arguments.of("plain http console off loopback", config("https://idp.example.com", "c", "r", "http://admin.example.com", List.of("openid")),
                        List.of("broker.console.url must be an https URL")),
                Arguments.of("console url with a path", config("https://idp.example.com", "c", "r", "https://admin.example.com/x", List.of("openid")),
                        List.of("broker.console.url must be an origin without a path")),
                Arguments.of("scopes without openid", config("https://idp.example.com", "c", "r", "https://admin.example.com", List.of("email")),
                        List.of("broker.console.scopes must include openid")),
                Arguments.of("issuer that is no URL", config("https://idp example", "c", "r", "https://admin.example.com", List.of("openid")),
                        List.of("broker.console.issuer is not a URL")));
    }

    @ParameterizedTest(name = "{0} -> refused")
    @MethodSource("refused")
    void aBadConfigurationIsRefusedNamingEveryProblem(String name, ConsoleConfig config, List<String> messages) {
        assertThatThrownBy(() -> ConsoleSettings.of(config)).isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll(messages.toArray(String[]::new));
    }

    @Test
    void loopbackMayUsePlainHttpForTestsAndLocalIdps() {
        assertThat(ConsoleSettings.of(config("http://127.0.0.1:18310", "c", "r", "http://localhost:9000", List.of("openid")))).isPresent();
    }
}
