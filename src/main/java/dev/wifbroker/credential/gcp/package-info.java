/**
 * GCP target: {@link dev.wifbroker.credential.gcp.GcpCredentialMinter} federates the broker's own
 * assertion at Google STS and optionally impersonates a service account. Settings under
 * {@code broker.gcp.*} ({@link dev.wifbroker.credential.gcp.GcpConfig}). Depends on {@code keys} and
 * the credential types; not on {@code exchange} or {@code api}.
 */
package dev.wifbroker.credential.gcp;
