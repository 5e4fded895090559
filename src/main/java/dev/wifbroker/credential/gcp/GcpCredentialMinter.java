package dev.wifbroker.credential.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpTransport;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.StsRequestHandler;
import com.google.auth.oauth2.StsTokenExchangeRequest;
import com.google.auth.oauth2.StsTokenExchangeResponse;
import dev.wifbroker.credential.CloudAssertionSigner;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.IssuedTokens;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * GCP credentials for a role: the broker signs an assertion (RS256, {@code iss} the broker,
 * {@code aud} the workload identity provider's {@code https:} resource URL, {@code sub}
 * {@code role:ROLE:WORKLOAD}, as for AWS), exchanges it at Google STS for a federated access token,
 * and, when the role names a service account, exchanges that at the IAM Credentials API
 * ({@code generateAccessToken}) for the service account's token with the role's scopes and lifetime.
 *
 * <p>STS goes through google-auth-library's {@link StsRequestHandler}. {@code generateAccessToken} is
 * one JSON POST over the same Google HTTP client: the library's {@code ImpersonatedCredentials} builds
 * its own requests (no per-request timeouts) and its external-account wiring refuses lifetimes under
 * 10 minutes, while a role may ask for less.
 */
@Singleton
public class GcpCredentialMinter implements TargetMinter<GcpTarget> {
    static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    /** Google's limit on {@code google.subject}, which operators map from {@code sub}. */
    static final int MAX_SUBJECT_BYTES = 127;
    private static final Logger LOG = Logger.getLogger(GcpCredentialMinter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudAssertionSigner assertions;
    private final IssuedTokens issued;
    private final GcpSettings settings;
    private final HttpTransport transport;
    private final UpstreamRetry retry;

    @Inject
    public GcpCredentialMinter(JwtSigner signer, BrokerIssuer issuer, Clock clock, GcpConfig config, IssuedTokens issued) {
        this(new CloudAssertionSigner(signer, issuer, clock), config.settings(), new JdkHttpTransport(config.connectTimeout()),
                new UpstreamRetry("gcp", config.retry().policy()), issued);
    }

    public GcpCredentialMinter(CloudAssertionSigner assertions, GcpSettings settings, HttpTransport transport,
            UpstreamRetry retry, IssuedTokens issued) {
        this.assertions = assertions;
        this.settings = settings;
        this.transport = transport;
        this.retry = retry;
        this.issued = issued;
    }

    /**
     * Obtains the role's access token.
     *
     * @throws UpstreamException {@code denied} with Google's error code ({@code invalid_grant},
     *     {@code PERMISSION_DENIED}, ...) when Google refuses; {@code unavailable} after bounded retries
     *     on throttling, 5xx, timeouts and network errors
     */
    @Override
    public IssuedCredential.CloudAccessToken mint(GcpTarget target, Grant request) throws UpstreamException {
        List<String> scopes = request.scopes().isEmpty() ? target.scopes() : request.scopes();
        if (scopes.isEmpty()) {
            scopes = List.of(GcpTarget.CLOUD_PLATFORM);
        }
        Duration lifetime = request.lifetimeFor(target);
        List<String> finalScopes = scopes;
        IssuedCredential.CloudAccessToken token = retry.call(left -> attempt(target, request, finalScopes, lifetime, left));
        LOG.debugf("gcp token for role %s expires at %s", request.role(), token.expiresAt());
        remember(target, request, token);
        return token;
    }

    /** For introspection: gcloud asks whose token it holds. */
    private void remember(GcpTarget target, Grant request, IssuedCredential.CloudAccessToken token) {
        String username = target.serviceAccount().orElseGet(() -> principalOf(target, request));
        issued.remember(token.token(), new IssuedTokens.Entry(username, request.role(), token.scopes(), token.expiresAt()));
    }

    /** The federated principal Google knows a token without impersonation by: the pool, and the assertion's subject. */
    static String principalOf(GcpTarget target, Grant request) {
        String provider = target.workloadIdentityProvider();
        String pool = provider.substring(0, provider.lastIndexOf("/providers/"));
        return "principal:" + pool + "/subject/" + subjectOf(request.role(), request.workload());
    }

    private IssuedCredential.CloudAccessToken attempt(GcpTarget target, Grant request, List<String> scopes,
            Duration lifetime, Duration left) throws UpstreamException, UpstreamRetry.Transient {
        GoogleHttp http = new GoogleHttp(transport, settings, left, assertions.clock());
        // With impersonation, the federated token only has to reach the IAM Credentials API.
        List<String> stsScopes = target.serviceAccount().isPresent() ? List.of(GcpTarget.CLOUD_PLATFORM) : scopes;
        AccessToken federated = exchange(http, target, request, stsScopes);
        if (target.serviceAccount().isEmpty()) {
            Instant expiresAt = federated.getExpirationTime() != null ? federated.getExpirationTime().toInstant()
                    : assertions.clock().instant().plus(Duration.ofMinutes(5));
            return new IssuedCredential.CloudAccessToken("gcp", federated.getTokenValue(), "Bearer", expiresAt, scopes);
        }
        return impersonate(http, target.serviceAccount().get(), federated.getTokenValue(), scopes, lifetime);
    }

    private AccessToken exchange(GoogleHttp http, GcpTarget target, Grant request, List<String> scopes)
            throws UpstreamException, UpstreamRetry.Transient {
        String assertion = assertion(target, request).compact();
        StsTokenExchangeRequest sts = StsTokenExchangeRequest.newBuilder(assertion, JWT)
                .setAudience(target.workloadIdentityProvider())
                .setScopes(new ArrayList<>(scopes))
                .setRequestTokenType(ACCESS_TOKEN)
                .build();
        http.reset();
        try {
            StsTokenExchangeResponse response = StsRequestHandler.newBuilder(settings.stsUrl(), sts, http.requests())
                    .build().exchangeToken();
            return response.getAccessToken();
        } catch (IOException | RuntimeException e) {
            throw http.classify(e);
        }
    }

    private IssuedCredential.CloudAccessToken impersonate(GoogleHttp http, String serviceAccount, String federatedToken,
            List<String> scopes, Duration lifetime) throws UpstreamException, UpstreamRetry.Transient {
        String url = settings.iamCredentialsUrl() + "/v1/projects/-/serviceAccounts/" + serviceAccount + ":generateAccessToken";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("delegates", List.of());
        body.put("scope", scopes);
        body.put("lifetime", lifetime.toSeconds() + "s");
        http.reset();
        JsonNode answer;
        try {
            HttpRequest post = http.requests().buildPostRequest(new GenericUrl(url),
                    new ByteArrayContent("application/json; charset=UTF-8", JSON.writeValueAsBytes(body)));
            post.getHeaders().setAuthorization("Bearer " + federatedToken);
            HttpResponse response = post.execute();
            try (InputStream in = response.getContent()) {
                answer = JSON.readTree(in);
            } finally {
                response.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            throw http.classify(e);
        }
        String accessToken = answer == null ? null : answer.path("accessToken").asText(null);
        String expireTime = answer == null ? null : answer.path("expireTime").asText(null);
        if (accessToken == null || accessToken.isEmpty() || expireTime == null) {
            throw UpstreamException.unavailable("gcp", "unreadable generateAccessToken response", Duration.ofSeconds(30));
        }
        try {
            return new IssuedCredential.CloudAccessToken("gcp", accessToken, "Bearer", Instant.parse(expireTime), scopes);
        } catch (DateTimeParseException e) {
            throw UpstreamException.unavailable("gcp", "unreadable generateAccessToken expireTime", Duration.ofSeconds(30));
        }
    }

    /**
     * The assertion for Google STS. {@code aud}: with no allowed audiences configured on the provider,
     * Google accepts only the provider's resource name as an {@code https:} URL. {@code sub}: role and
     * workload, hashed when longer than Google's 127-byte {@code google.subject} limit.
     */
    CloudAssertionSigner.Signed assertion(GcpTarget target, Grant request) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("role", request.role());
        extra.put("workload", request.workload());
        extra.put("act", Map.of("iss", request.issuerUrl(), "sub", request.subject()));
        return assertions.sign(audienceOf(target), subjectOf(request.role(), request.workload()),
                settings.assertionLifetime(), extra);
    }

    static String audienceOf(GcpTarget target) {
        return "https:" + target.workloadIdentityProvider();
    }

    static String subjectOf(String role, String workload) {
        return Grant.roleSubject(role, workload, MAX_SUBJECT_BYTES, Grant::utf8Bytes,
                Base64.getUrlEncoder().withoutPadding()::encodeToString);
    }
}
