package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.UpstreamException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
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
 * One {@code AssumeRoleWithWebIdentity} call with the broker's upstream policy: retries with full-jitter
 * exponential backoff only on throttling, 5xx, network errors and {@code IDPCommunicationError} (STS could
 * not fetch the broker's JWKS: transient by definition), within a wall-clock budget that also caps each
 * attempt; any other STS error is a refusal and is never retried. Only the STS error code and HTTP status
 * are kept: the message and body may quote the assertion's claims, so they are neither logged nor returned.
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
    private final AwsSettings settings;

    StsUpstream(StsClient client, AwsSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    AssumeRoleWithWebIdentityResponse assume(AssumeRoleWithWebIdentityRequest request) throws UpstreamException {
        long start = System.nanoTime();
        long deadline = start + settings.budget().toNanos();
        String lastProblem = "no attempt";
        for (int attempt = 1; ; attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw exhausted(request, attempt - 1, lastProblem);
            }
            try {
                return client.assumeRoleWithWebIdentity(request.toBuilder()
                        .overrideConfiguration(AwsRequestOverrideConfiguration.builder()
                                .apiCallTimeout(Duration.ofNanos(remaining)).build())
                        .build());
            } catch (AwsServiceException e) {
                String code = safeCode(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
                if (!isTransient(code, e.statusCode(), e)) {
                    LOG.infof("STS refused AssumeRoleWithWebIdentity for %s: %s (HTTP %d, request id %s)",
                            request.roleArn(), code, e.statusCode(), e.requestId());
                    throw UpstreamException.denied(CLOUD, code);
                }
                lastProblem = code + " (HTTP " + e.statusCode() + ")";
            } catch (ApiCallTimeoutException | ApiCallAttemptTimeoutException e) {
                lastProblem = "timeout";
            } catch (SdkClientException e) {
                // Connection refused or reset, read timeout, an unreadable response.
                lastProblem = "network error";
                LOG.debugf("STS attempt %d for %s: %s", attempt, request.roleArn(), e.getClass().getName());
            } catch (SdkException e) {
                lastProblem = "sdk error";
                LOG.debugf("STS attempt %d for %s: %s", attempt, request.roleArn(), e.getClass().getName());
            }
            if (attempt >= settings.maxAttempts()) {
                throw exhausted(request, attempt, lastProblem);
            }
            long backoff = backoffNanos(attempt);
            if (System.nanoTime() + backoff >= deadline) {
                throw exhausted(request, attempt, lastProblem);
            }
            LOG.debugf("STS attempt %d for %s failed (%s); retrying in %d ms", attempt, request.roleArn(), lastProblem,
                    backoff / 1_000_000);
            sleep(backoff);
        }
    }

    static boolean isTransient(String code, int status, AwsServiceException e) {
        return TRANSIENT_CODES.contains(code) || status >= 500 || status == 429 || e.isThrottlingException();
    }

    /** Full jitter: uniform in [0, min(max, initial * 2^(attempt-1))]. */
    private long backoffNanos(int attempt) {
        long ceiling = settings.initialBackoff().toNanos() << Math.min(attempt - 1, 20);
        ceiling = Math.min(ceiling, settings.maxBackoff().toNanos());
        return ThreadLocalRandom.current().nextLong(ceiling + 1);
    }

    private void sleep(long nanos) throws UpstreamException {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UpstreamException.unavailable(CLOUD, "interrupted while retrying STS", settings.retryAfter());
        }
    }

    private UpstreamException exhausted(AssumeRoleWithWebIdentityRequest request, int attempts, String lastProblem) {
        LOG.warnf("STS AssumeRoleWithWebIdentity for %s unavailable after %d attempt(s): %s", request.roleArn(), attempts,
                lastProblem);
        return UpstreamException.unavailable(CLOUD, "STS " + lastProblem + " after " + attempts + " attempt(s)",
                settings.retryAfter());
    }

    static String safeCode(String code) {
        return code != null && SAFE_CODE.matcher(code).matches() ? code : "UnknownError";
    }
}
