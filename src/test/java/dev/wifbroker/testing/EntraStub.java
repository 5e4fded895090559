package dev.wifbroker.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.Map;

/** WireMock standing in for Entra ID over https on 127.0.0.1, with Entra's token and error bodies. */
public final class EntraStub {
    public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final String CLIENT = "11111111-2222-3333-4444-555555555555";
    public static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
    public static final String TOKEN_OK = """
            {"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra.token"}""";

    public static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
                .keystorePath(LoopbackTls.keystore().toString()).keystorePassword(LoopbackTls.PASSWORD)
                .keyManagerPassword(LoopbackTls.PASSWORD).keystoreType("PKCS12"));
        server.start();
        return server;
    }

    public static String authorityHost(WireMockServer server) {
        return "https://localhost:" + server.httpsPort();
    }

    /** An Entra error response body as Entra sends it. */
    public static String error(String error, String aadsts, String description) {
        return """
                {"error":"%s","error_description":"%s: %s Trace ID: 0f1e2d3c-0000-4000-8000-000000000000 Correlation ID: 9a8b7c6d-0000-4000-8000-000000000000 Timestamp: 2026-05-01 12:00:00Z",
                 "error_codes":[%s],"timestamp":"2026-05-01 12:00:00Z","trace_id":"0f1e2d3c-0000-4000-8000-000000000000",
                 "correlation_id":"9a8b7c6d-0000-4000-8000-000000000000","error_uri":"https://login.microsoftonline.com/error?code=%s"}"""
                .formatted(error, aadsts, description, aadsts.substring(6), aadsts.substring(6));
    }

    public static Map<String, String> form(LoggedRequest request) {
        return LoggedForm.form(request);
    }

    private EntraStub() {}
}
