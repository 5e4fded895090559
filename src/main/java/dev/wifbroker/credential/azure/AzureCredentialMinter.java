package dev.wifbroker.credential.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientAssertionCredential;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.wifbroker.credential.CloudAssertionSigner;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.http.RetryAfter;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Azure credentials for a role, through an Entra federated identity credential that trusts the broker.
 * The broker's assertion: RS256, {@code iss} the broker's issuer URL, {@code aud}
 * {@code api://AzureADTokenExchange}, {@code sub} the role name (so one federated credential per
 * role, whatever the workload), with the workload in its own claim for Entra's sign-in log.
 *
 * <ul>
 *   <li>{@link #token}: token mode. azure-identity's {@link ClientAssertionCredential} redeems the
 *       assertion at {@code AUTHORITY/TENANT/oauth2/v2.0/token} for the role's scope.</li>
 *   <li>{@link #assertion}: assertion mode. The workload gets the assertion itself and redeems it with
 *       the unmodified {@code WorkloadIdentityCredential} ({@code AZURE_FEDERATED_TOKEN_FILE}).</li>
 * </ul>
 */
@Singleton
public class AzureCredentialMinter implements TargetMinter<AzureTarget> {
    private static final Logger LOG = Logger.getLogger(AzureCredentialMinter.class);
    private static final Pattern AADSTS = Pattern.compile("\\b(AADSTS\\d{4,9})\\b");
    private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final CloudAssertionSigner assertions;
    private final AzureSettings settings;
    private final HttpClient httpClient;
    private final UpstreamRetry retry;

    @Inject
    public AzureCredentialMinter(JwtSigner signer, BrokerIssuer issuer, Clock clock, AzureConfig config) {
        this(new CloudAssertionSigner(signer, issuer, clock), config.settings(), new UpstreamRetry("azure", config.retry().policy()),
                transport(config));
    }

    public AzureCredentialMinter(CloudAssertionSigner assertions, AzureSettings settings, UpstreamRetry retry) {
        this(assertions, settings, retry, new JdkHttpClientBuilder());
    }

    /** With the JDK HTTP client {@code transport} builds (tests hand one that trusts their loopback certificate). */
    public AzureCredentialMinter(CloudAssertionSigner assertions, AzureSettings settings, UpstreamRetry retry,
            JdkHttpClientBuilder transport) {
        this.assertions = assertions;
        this.settings = settings;
        this.retry = retry;
        this.httpClient = transport
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(settings.readTimeout())
                .readTimeout(settings.readTimeout())
                .build();
    }

    private static JdkHttpClientBuilder transport(AzureConfig config) {
        if (config.trustStore().isEmpty()) {
            return new JdkHttpClientBuilder();
        }
        char[] password = config.trustStorePassword().orElse("").toCharArray();
        try (InputStream in = Files.newInputStream(config.trustStore().get())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("broker.azure.trust-store " + config.trustStore().get() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The target's mode decides: Entra's access token, or the assertion itself. */
    @Override
    public IssuedCredential mint(AzureTarget target, Grant request) throws UpstreamException {
        return target.mode() == AzureTarget.Mode.ASSERTION ? assertion(target, request) : token(target, request);
    }

    /**
     * Token mode: an Entra access token for the role's scope.
     *
     * @throws UpstreamException {@code denied} with Entra's {@code AADSTS…} code (or its OAuth error when
     *     there is none) when Entra refuses; {@code unavailable} after bounded retries on throttling,
     *     5xx, timeouts and network errors
     */
    public IssuedCredential.CloudAccessToken token(AzureTarget target, Grant request) throws UpstreamException {
        ClientAssertionCredentialBuilder builder = new ClientAssertionCredentialBuilder()
                .tenantId(target.tenantId())
                .clientId(target.clientId())
                .authorityHost(settings.authorityHost())
                // A fresh assertion whenever MSAL asks for one: no assertion outlives its use.
                .clientAssertion(() -> sign(target, request, settings.assertionLifetime()).compact())
                .httpClient(httpClient)
                // Retries are ours (UpstreamRetry), with their own bound; the pipeline makes one attempt.
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))));
        if (!settings.instanceDiscovery()) {
            builder.disableInstanceDiscovery();
        }
        ClientAssertionCredential credential = builder.build();
        TokenRequestContext context = new TokenRequestContext().addScopes(target.scope());
        AccessToken token = retry.call(left -> {
            try {
                // The attempt ends with the mint's deadline even when Entra (or MSAL's discovery calls) hang.
                AccessToken t = credential.getToken(context).timeout(left).block();
                if (t == null || t.getToken() == null) {
                    throw UpstreamException.unavailable("azure", "empty token response", Duration.ofSeconds(30));
                }
                return t;
            } catch (RuntimeException e) {
                throw classify(e, assertions.clock());
            }
        });
        LOG.debugf("azure token for role %s expires at %s", request.role(), token.getExpiresAt());
        return new IssuedCredential.CloudAccessToken("azure", token.getToken(), "Bearer", token.getExpiresAt().toInstant(),
                List.of(target.scope()));
    }

    /**
     * Assertion mode: the Entra-ready assertion itself, valid for the role's duration (or the shorter
     * requested lifetime). Entra checks it when the workload presents it; the broker calls no one.
     */
    public IssuedCredential.Assertion assertion(AzureTarget target, Grant request) {
        Duration lifetime = request.lifetimeFor(target);
        CloudAssertionSigner.Signed signed = sign(target, request, lifetime);
        return new IssuedCredential.Assertion(signed.compact(), settings.assertionAudience(), signed.expiresAt());
    }

    private CloudAssertionSigner.Signed sign(AzureTarget target, Grant request, Duration lifetime) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("workload", request.workload());
        extra.put("act", Map.of("iss", request.issuerUrl(), "sub", request.subject()));
        return assertions.sign(settings.assertionAudience(), subjectOf(request.role()), lifetime, extra);
    }

    /** The {@code sub} of the role's assertions, which the federated credential's subject must equal (case-sensitive). */
    public static String subjectOf(String role) {
        return role;
    }

    /**
     * Entra's refusals arrive as {@link MsalServiceException} (status and {@code AADSTS} code in the
     * description); throttling and 5xx are retryable, as are timeouts and I/O failures anywhere in the
     * cause chain. Anything else is a local failure of the client library: not retried.
     */
    static UpstreamRetry.Transient classify(RuntimeException failure, Clock clock) throws UpstreamException {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MsalServiceException) {
                MsalServiceException msal = (MsalServiceException) t;
                int status = msal.statusCode() == null ? 0 : msal.statusCode();
                String code = codeOf(msal);
                if (status == 429 || status >= 500) {
                    return new UpstreamRetry.Transient(code, retryAfterOf(msal, clock));
                }
                if (status == 0) {
                    // No status: MSAL could not read what came back (not Entra's JSON); not a refusal.
                    return new UpstreamRetry.Transient("unreadable response", retryAfterOf(msal, clock));
                }
                throw UpstreamException.denied("azure", code);
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return new UpstreamRetry.Transient("timeout", null);
            }
            if (t instanceof IOException) {
                return new UpstreamRetry.Transient("network error", null);
            }
        }
        LOG.warnf("azure token request failed in the client library: %s", failure.getClass().getName());
        throw UpstreamException.unavailable("azure", "client error", Duration.ofSeconds(30));
    }

    private static String codeOf(MsalServiceException msal) {
        Matcher m = AADSTS.matcher(String.valueOf(msal.getMessage()));
        if (m.find()) {
            return m.group(1);
        }
        String error = msal.errorCode();
        if (error != null && ERROR_CODE.matcher(error).matches()) {
            return error;
        }
        return msal.statusCode() == null ? "unknown" : "http " + msal.statusCode();
    }

    /** Entra's {@code Retry-After} (seconds or HTTP-date) on a 429 or 5xx, or null. */
    private static Duration retryAfterOf(MsalServiceException msal, Clock clock) {
        if (msal.headers() == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> h : msal.headers().entrySet()) {
            if ("Retry-After".equalsIgnoreCase(h.getKey()) && h.getValue() != null && !h.getValue().isEmpty()) {
                return RetryAfter.parse(h.getValue().get(0), clock.instant()).orElse(null);
            }
        }
        return null;
    }
}
