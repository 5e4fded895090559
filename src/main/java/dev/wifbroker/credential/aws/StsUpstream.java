package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.credential.UpstreamRetry;
import dev.wifbroker.http.RetryAfter;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;

/**
 * One {@code AssumeRoleWithWebIdentity} call with the broker's upstream policy ({@link UpstreamRetry}):
 * throttling, 5xx, network errors and {@code IDPCommunicationError} (STS could not fetch the broker's
 * JWKS: transient by definition) are retried with full-jitter backoff; any other STS error is a refusal
 * and ends the call at once. Each attempt's own timeout is the time left of {@code max-total}, so the
 * whole call never outlives it; STS's {@code Retry-After} is honoured and passed on. Only the STS error code and HTTP status are kept: the message and body may
 * quote the assertion's claims, so they are neither logged nor returned.
 */
final class StsUpstream {
    private static final Logger LOG = Logger.getLogger(StsUpstream.class);
    static final String CLOUD = "aws";
    /** Error codes that mean "try again later", whatever their HTTP status. */
    static final Set<String> TRANSIENT_CODES = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottled", "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
            "IDPCommunicationError", "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure",
            "InternalError", "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete");
    /** What an upstream code may look like before it is shown to a caller. */
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9.]{0,63}");

    private final StsClient client;
    private final UpstreamRetry retry;
    private final Clock clock;

    StsUpstream(StsClient client, AwsSettings settings, Clock clock) {
        this.client = client;
        this.retry = new UpstreamRetry(CLOUD, settings.retry());
        this.clock = clock;
    }

    AssumeRoleWithWebIdentityResponse assume(AssumeRoleWithWebIdentityRequest request) throws UpstreamException {
        return retry.call(left -> attempt(request, left));
    }

    private AssumeRoleWithWebIdentityResponse attempt(AssumeRoleWithWebIdentityRequest request, Duration left)
            throws UpstreamException, UpstreamRetry.Transient {
        try {
            return client.assumeRoleWithWebIdentity(request.toBuilder()
                    .overrideConfiguration(AwsRequestOverrideConfiguration.builder().apiCallTimeout(left).build())
                    .build());
        } catch (AwsServiceException e) {
            String code = safeCode(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
            if (isTransient(code, e.statusCode(), e)) {
                LOG.debugf("STS %s (HTTP %d) for %s, request id %s", code, e.statusCode(), request.roleArn(), e.requestId());
                throw new UpstreamRetry.Transient("STS " + code + " (HTTP " + e.statusCode() + ")", retryAfterOf(e));
            }
            LOG.infof("STS refused AssumeRoleWithWebIdentity for %s: %s (HTTP %d, request id %s)", request.roleArn(), code,
                    e.statusCode(), e.requestId());
            throw UpstreamException.denied(CLOUD, code);
        } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
            throw new UpstreamRetry.Transient("STS timeout", null);
        } catch (SdkClientException e) {
            // Connection refused or reset, read timeout, an unreadable response.
            LOG.debugf("STS call for %s failed: %s", request.roleArn(), e.getClass().getName());
            throw new UpstreamRetry.Transient("STS network error", null);
        } catch (SdkException e) {
            LOG.debugf("STS call for %s failed: %s", request.roleArn(), e.getClass().getName());
            throw new UpstreamRetry.Transient("STS error", null);
        }
    }

    /** STS's {@code Retry-After} on a throttling or 503 answer (seconds or HTTP-date), or null. */
    private Duration retryAfterOf(AwsServiceException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
            return null;
        }
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After")
                .flatMap(h -> RetryAfter.parse(h, clock.instant())).orElse(null);
    }

    static boolean isTransient(String code, int status, AwsServiceException e) {
        return TRANSIENT_CODES.contains(code) || status >= 500 || status == 429 || e.isThrottlingException();
    }

    static String safeCode(String code) {
        return code != null && SAFE_CODE.matcher(code).matches() ? code : "UnknownError";
    }
}
