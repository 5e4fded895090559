/**
 * The AWS protocols unmodified AWS SDKs speak, so a workload needs only environment variables:
 * {@link dev.wifbroker.api.aws.ContainerCredentialsResource} ({@code GET /v1/aws/credentials}, the SDKs'
 * container credentials provider) and {@link dev.wifbroker.api.aws.StsFacadeResource}
 * ({@code POST /v1/aws/sts}, STS {@code AssumeRoleWithWebIdentity} for {@code AWS_ENDPOINT_URL_STS}). Both
 * parse into one {@code ExchangeRequest} with target {@code aws} and render the result or failure in their
 * wire format; neither knows how the credential was obtained. Depends on {@code exchange} (and reads the
 * policy set only to resolve an STS {@code RoleArn} to a role).
 */
package dev.wifbroker.api.aws;
