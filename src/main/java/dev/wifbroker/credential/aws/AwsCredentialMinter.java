package dev.wifbroker.credential.aws;

import dev.wifbroker.credential.CloudAssertionSigner;
import dev.wifbroker.credential.Grant;
import dev.wifbroker.credential.IssuedCredential;
import dev.wifbroker.credential.MissingClaimException;
import dev.wifbroker.credential.TargetMinter;
import dev.wifbroker.credential.UpstreamException;
import dev.wifbroker.keys.BrokerIssuer;
import dev.wifbroker.keys.JwtSigner;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;

/**
 * AWS credentials for an allowed exchange, without an AWS secret: the broker signs an RS256 assertion
 * ({@link AwsAssertion}) and presents it to STS {@code AssumeRoleWithWebIdentity}, which trusts the
 * broker's issuer URL through an IAM OIDC provider. {@code RoleSessionName}, session tags,
 * {@code SourceIdentity} and {@code DurationSeconds} come from the role's target and verified attributes
 * ({@link AwsSessionSpec}); the inline session policy and managed policy ARNs narrow the role.
 */
@ApplicationScoped
@Startup // a bad broker.aws.* setting fails the start, not the first exchange
public class AwsCredentialMinter implements TargetMinter<AwsTarget> {
    private final CloudAssertionSigner assertions;
    private final AwsSettings settings;
    private final StsClient sts;
    private final StsUpstream upstream;

    @Inject
    public AwsCredentialMinter(JwtSigner signer, BrokerIssuer issuer, Clock clock, AwsConfig config) {
        this(signer, issuer, clock, AwsSettings.from(config));
    }

    public AwsCredentialMinter(JwtSigner signer, BrokerIssuer issuer, Clock clock, AwsSettings settings) {
        this.assertions = new CloudAssertionSigner(signer, issuer, clock);
        this.settings = settings;
        this.sts = StsClients.build(settings);
        this.upstream = new StsUpstream(sts, settings, clock);
    }

    /**
     * Assumes {@code target.roleArn()} for {@code request}.
     *
     * @throws UpstreamException {@code denied("aws", <STS error code>)} when STS refuses, {@code unavailable} when
     *                           it stays unreachable, throttling or failing within {@code broker.aws.retry.max-total}
     * @throws MissingClaimException when a session name, tag or source identity template reads a claim the
     *                               token lacks (nothing is sent to AWS)
     */
    @Override
    public IssuedCredential.AwsSession mint(AwsTarget target, Grant request) throws UpstreamException {
        AwsSessionSpec session = AwsSessionSpec.render(target, request);
        CloudAssertionSigner.Signed assertion = assertions.sign(settings.audience(),
                AwsAssertion.subject(request.role(), request.workload()), settings.assertionLifetime(),
                AwsAssertion.sessionClaims(session));

        AssumeRoleWithWebIdentityRequest.Builder call = AssumeRoleWithWebIdentityRequest.builder()
                .roleArn(target.roleArn())
                .roleSessionName(session.sessionName())
                .webIdentityToken(assertion.compact())
                .durationSeconds((int) session.duration().toSeconds());
        target.sessionPolicy().ifPresent(call::policy);
        if (!target.managedPolicyArns().isEmpty()) {
            call.policyArns(target.managedPolicyArns().stream().map(arn -> PolicyDescriptorType.builder().arn(arn).build())
                    .toList());
        }
        AssumeRoleWithWebIdentityResponse response = upstream.assume(call.build());
        Credentials credentials = response.credentials();
        if (credentials == null || credentials.accessKeyId() == null || credentials.secretAccessKey() == null
                || credentials.sessionToken() == null || credentials.expiration() == null) {
            throw UpstreamException.unavailable(StsUpstream.CLOUD, "STS answered without credentials", Duration.ofSeconds(5));
        }
        String assumedRoleArn = response.assumedRoleUser() == null ? null : response.assumedRoleUser().arn();
        return new IssuedCredential.AwsSession(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken(), Instant.ofEpochSecond(credentials.expiration().getEpochSecond()), assumedRoleArn);
    }

    @PreDestroy
    void close() {
        sts.close();
    }
}
