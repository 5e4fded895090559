package dev.wifbroker.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A WireMock server on 127.0.0.1 standing in for OIDC issuers: per issuer path, a discovery document
 * and a JWKS, both replaceable to simulate rotation and outages.
 */
public final class IssuerStub implements AutoCloseable {
    private final WireMockServer server;
    private final Map<String, StubMapping> jwksStubs = new ConcurrentHashMap<>();

    public IssuerStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String issuerUrl(String name) {
        return baseUrl() + "/" + name;
    }

    public WireMockServer server() {
        return server;
    }

    /** Serves discovery and the given public keys for issuer {@code name}. */
    public void publish(String name, List<PublicJsonWebKey> keys) {
        server.stubFor(get(urlEqualTo("/" + name + "/.well-known/openid-configuration")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"issuer\":\"" + issuerUrl(name) + "\",\"jwks_uri\":\"" + issuerUrl(name) + "/jwks\","
                        + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}")));
        setJwks(name, TestKeys.jwks(keys), 200);
    }

    /** Replaces the JWKS response of issuer {@code name}. */
    public void setJwks(String name, String body, int status) {
        StubMapping old = jwksStubs.remove(name);
        if (old != null) {
            server.removeStub(old);
        }
        jwksStubs.put(name, server.stubFor(get(urlEqualTo("/" + name + "/jwks")).willReturn(aResponse()
                .withStatus(status).withHeader("Content-Type", "application/json").withBody(body))));
    }

    /** Makes the JWKS endpoint of issuer {@code name} drop connections, as an outage would. */
    public void breakJwks(String name) {
        StubMapping old = jwksStubs.remove(name);
        if (old != null) {
            server.removeStub(old);
        }
        jwksStubs.put(name, server.stubFor(get(urlEqualTo("/" + name + "/jwks")).willReturn(aResponse()
                .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER))));
    }

    public int jwksFetches(String name) {
        return server.countRequestsMatching(getRequestedFor(urlEqualTo("/" + name + "/jwks")).build()).getCount();
    }

    @Override
    public void close() {
        server.stop();
    }
}
