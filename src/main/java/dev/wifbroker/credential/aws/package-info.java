/**
 * AWS credentials through STS {@code AssumeRoleWithWebIdentity} with a broker-signed assertion: no AWS
 * secret anywhere. Entry point: {@link dev.wifbroker.credential.aws.AwsCredentialMinter#mint}. Settings:
 * {@link dev.wifbroker.credential.aws.AwsConfig} ({@code broker.aws.*}). Depends on {@code keys} for
 * signing; never on policy, identity, exchange or api. Its target record, parser and limits: {@code AwsTarget},
 * {@code AwsKind}, {@code AwsLimits}.
 */
package dev.wifbroker.credential.aws;
