package dev.wifbroker.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** WireMock standing in for Google STS ({@code /v1/token}) and the IAM Credentials API on 127.0.0.1. */
public final class GoogleStub implements AutoCloseable {
    public static final String FEDERATED_TOKEN = "ya29.d.federated-from-stub";
    public static final String IMPERSONATED_TOKEN = "ya29.c.impersonated-from-stub";
    private final WireMockServer server;

    public GoogleStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public WireMockServer server() {
        return server;
    }

    public String stsUrl() {
        return server.baseUrl() + "/v1/token";
    }

    public String iamCredentialsUrl() {
        return server.baseUrl();
    }

    /** STS answers every exchange, IAM Credentials every generateAccessToken (whole-second expireTime, as Google does). */
    public void succeed() {
        server.resetAll();
        server.stubFor(post("/v1/token").willReturn(okJson("""
                {"access_token":"%s","issued_token_type":"urn:ietf:params:oauth:token-type:access_token",
                 "token_type":"Bearer","expires_in":3599}""".formatted(FEDERATED_TOKEN))));
        String expireTime = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        server.stubFor(post(urlMatching("/v1/projects/-/serviceAccounts/[^/]+:generateAccessToken"))
                .willReturn(okJson("{\"accessToken\":\"%s\",\"expireTime\":\"%s\"}".formatted(IMPERSONATED_TOKEN, expireTime))));
    }

    @Override
    public void close() {
        server.stop();
    }
}
