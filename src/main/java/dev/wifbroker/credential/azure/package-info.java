/**
 * Azure target: {@link dev.wifbroker.credential.azure.AzureCredentialMinter} redeems the broker's
 * assertion at Entra (token mode) or hands the Entra-ready assertion to the workload (assertion mode).
 * Settings under {@code broker.azure.*} ({@link dev.wifbroker.credential.azure.AzureConfig}). Depends on
 * {@code keys} and the credential types; not on {@code exchange} or {@code api}.
 */
package dev.wifbroker.credential.azure;
