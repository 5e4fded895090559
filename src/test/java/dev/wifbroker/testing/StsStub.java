package dev.wifbroker.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WireMock AWS STS on 127.0.0.1 answering {@code AssumeRoleWithWebIdentity} in STS's own Query-protocol
 * XML: the success document with fresh credentials per call (access key, expiry relative to now), and
 * STS's {@code ErrorResponse} for refusals and outages.
 */
public final class StsStub implements AutoCloseable {
    public static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN//////////wEaCXVzLWVhc3QtMSJHMEUCIQ";

    private final WireMockServer server;

    public StsStub() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public WireMockServer server() {
        return server;
    }

    /** Every call succeeds with a new {@code ASIA…} key, expiring {@code lifetime} from now. */
    public void succeed(Duration lifetime) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
                .withBody(successXml(lifetime)).withTransformers("response-template")));
    }

    /** Every call fails with STS's error document. */
    public void fail(int status, String type, String code, String message) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(errorXml(type, code, message))));
    }

    /** Every call has its connection reset. */
    public void reset() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    /** Every call answers after {@code delay}. */
    public void slow(Duration delay, Duration lifetime) {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody(successXml(lifetime)).withTransformers("response-template")
                .withFixedDelay((int) delay.toMillis())));
    }

    public List<LoggedRequest> requests() {
        return server.findAll(postRequestedFor(urlEqualTo("/")));
    }

    /** The form parameters of the {@code index}th call. */
    public Map<String, String> form(int index) {
        return parseForm(requests().get(index).getBodyAsString());
    }

    public static Map<String, String> parseForm(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    public static String successXml(Duration lifetime) {
        return """
                <AssumeRoleWithWebIdentityResponse xmlns="%s">
                  <AssumeRoleWithWebIdentityResult>
                    <SubjectFromWebIdentityToken>role:orders:cluster:system:serviceaccount:payments:api</SubjectFromWebIdentityToken>
                    <Audience>sts.amazonaws.com</Audience>
                    <AssumedRoleUser>
                      <Arn>arn:aws:sts::123456789012:assumed-role/orders/orders-session</Arn>
                      <AssumedRoleId>AROAEXAMPLEEXAMPLE123:orders-session</AssumedRoleId>
                    </AssumedRoleUser>
                    <Credentials>
                      <AccessKeyId>ASIA{{randomValue length=16 type='ALPHANUMERIC' uppercase=true}}</AccessKeyId>
                      <SecretAccessKey>%s</SecretAccessKey>
                      <SessionToken>%s</SessionToken>
                      <Expiration>{{now offset='%d seconds' timezone='UTC' format="yyyy-MM-dd'T'HH:mm:ss'Z'"}}</Expiration>
                    </Credentials>
                    <Provider>127.0.0.1</Provider>
                    <PackedPolicySize>6</PackedPolicySize>
                  </AssumeRoleWithWebIdentityResult>
                  <ResponseMetadata>
                    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
                  </ResponseMetadata>
                </AssumeRoleWithWebIdentityResponse>
                """.formatted(NS, SECRET_ACCESS_KEY, SESSION_TOKEN, lifetime.toSeconds());
    }

    public static String errorXml(String type, String code, String message) {
        return """
                <ErrorResponse xmlns="%s">
                  <Error>
                    <Type>%s</Type>
                    <Code>%s</Code>
                    <Message>%s</Message>
                  </Error>
                  <RequestId>4f1b9c2e-0000-4000-8000-000000000000</RequestId>
                </ErrorResponse>
                """.formatted(NS, type, code, message);
    }

    @Override
    public void close() {
        server.stop();
    }
}
