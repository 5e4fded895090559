/**
 * Trusted issuer configuration: strict parsing of {@code issuers/*.yaml} into validated
 * {@link dev.wifbroker.identity.issuer.IssuerSpec}s and the {@link dev.wifbroker.identity.issuer.IssuerCatalog}
 * of a directory. No network, no CDI.
 */
package dev.wifbroker.identity.issuer;
