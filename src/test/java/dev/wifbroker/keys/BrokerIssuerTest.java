package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BrokerIssuerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "https://broker.example.com, https://broker.example.com",
        "https://broker.example.com/, https://broker.example.com",
        "https://example.com/broker, https://example.com/broker",
        "http://127.0.0.1:8080, http://127.0.0.1:8080",
        "http://localhost:8080/, http://localhost:8080"})
    void accepted_issuer_urls_lose_only_a_trailing_slash(String configured, String expected) {
        BrokerIssuer issuer = new BrokerIssuer(configured);
        assertThat(issuer.url()).isEqualTo(expected);
        assertThat(issuer.jwksUri()).isEqualTo(expected + "/.well-known/jwks.json");
        assertThat(issuer.tokenEndpoint()).isEqualTo(expected + "/v1/token");
    }

    @ParameterizedTest(name = "{0} -> refused")
    @ValueSource(strings = {"http://broker.example.com", "https://broker.example.com?x=1", "https://broker.example.com#f",
        "broker.example.com", "ftp://127.0.0.1", ""})
    void insecure_or_malformed_issuer_urls_are_refused(String configured) {
        assertThatThrownBy(() -> new BrokerIssuer(configured)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broker.issuer-url");
    }
}
