/**
 * AWS credentials through STS {@code AssumeRoleWithWebIdentity} with a broker-signed assertion: no AWS
 * secret anywhere. Entry point: {@link dev.wifbroker.credential.aws.AwsCredentialMinter#mint}. Settings:
 * {@link dev.wifbroker.credential.aws.AwsConfig} ({@code broker.aws.*}). Depends on {@code keys} for
 * signing and on the policy's {@code AwsTarget} type; never on identity, exchange or api.
 */
package dev.wifbroker.credential.aws;
